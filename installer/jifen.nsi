; The Windows installer for jifen (NSIS 3, Unicode), in Chinese and English.
;   makensis /DVERSION=0.1.0 /DBUNDLE=dist\jifen /DOUTFILE=dist\jifen-0.1.0-setup.exe
;            [/DICON=build\jifen.ico] [/DVCREDIST=vc_redist.x64.exe] [/DVCREDIST2013=vcredist_x64_2013.exe]
;            installer\jifen.nsi
; BUNDLE is the PyInstaller folder (jifen.exe, jifenw.exe, jifen-ledger.exe, _internal\).
; The store lives in %PROGRAMDATA%\jifen, shared by every account on the counter PC (the bundled
; app uses it unless --home or JIFEN_HOME says otherwise). Upgrading keeps it: the new version backs
; it up to %PROGRAMDATA%\jifen\backups before migrating it. Uninstalling keeps it unless asked.
; VCREDIST (Visual C++ 2015-2022, x64) is what Qt and Python's extensions link to; VCREDIST2013 is
; what pyzbar's libzbar-64.dll links to. Each is run only when that runtime is not installed yet.

Unicode true
SetCompressor /SOLID lzma
ManifestDPIAware true
RequestExecutionLevel admin

!ifndef VERSION
  !error "pass /DVERSION=X.Y.Z"
!endif
!ifndef BUNDLE
  !error "pass /DBUNDLE=path\to\the\PyInstaller\folder"
!endif
!ifndef OUTFILE
  !define OUTFILE "jifen-${VERSION}-setup.exe"
!endif
!ifndef VIVERSION
  !define VIVERSION "${VERSION}.0"
!endif

!define APP "jifen"
!define PUBLISHER "jifen"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\jifen"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

Name "$(AppName)"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\jifen"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "jifen ${VERSION}"

VIProductVersion "${VIVERSION}"
VIAddVersionKey /LANG=0 "ProductName" "jifen"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "jifen points point of sale installer"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "jifen"

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_LANGDLL_REGISTRY_ROOT HKLM
!define MUI_LANGDLL_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_FUNCTION RunAppUnelevated

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; the first language is the default
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString AppName ${LANG_SIMPCHINESE} "积分收银 jifen"
LangString AppName ${LANG_ENGLISH} "jifen points POS"
LangString ShortcutApp ${LANG_SIMPCHINESE} "积分收银"
LangString ShortcutApp ${LANG_ENGLISH} "jifen"
LangString ShortcutShell ${LANG_SIMPCHINESE} "积分收银命令行"
LangString ShortcutShell ${LANG_ENGLISH} "jifen command line"
LangString ShortcutUninstall ${LANG_SIMPCHINESE} "卸载积分收银"
LangString ShortcutUninstall ${LANG_ENGLISH} "Uninstall jifen"
LangString StillRunning ${LANG_SIMPCHINESE} "积分收银正在运行。请先关闭它，然后点击“重试”。"
LangString StillRunning ${LANG_ENGLISH} "jifen is running. Close it, then choose Retry."
LangString Needs64 ${LANG_SIMPCHINESE} "积分收银需要 64 位 Windows 10 或更新版本。"
LangString Needs64 ${LANG_ENGLISH} "jifen needs 64-bit Windows 10 or newer."
LangString Runtime ${LANG_SIMPCHINESE} "正在安装 Visual C++ 运行库……"
LangString Runtime ${LANG_ENGLISH} "Installing the Visual C++ runtime..."
LangString RemoveData ${LANG_SIMPCHINESE} "同时删除门店数据（全部销售、会员和积分记录及其备份）吗？$\r$\n$\r$\n$0$\r$\n$\r$\n选“否”将保留数据，重新安装后可继续使用。"
LangString RemoveData ${LANG_ENGLISH} "Also delete the store (every sale, member and points record, and its backups)?$\r$\n$\r$\n$0$\r$\n$\r$\nChoose No to keep it for a later installation."

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(Needs64)"
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

; The installer runs as administrator, and so would the app it starts: the store's folders it makes would be the
; administrator's. Explorer starts it as the signed-in cashier.
Function RunAppUnelevated
  Exec '"$WINDIR\explorer.exe" "$INSTDIR\jifenw.exe"'
FunctionEnd

; An upgrade replaces the program files while the app is closed (Windows will not replace a
; running executable); the store is not touched here.
Function CloseRunningApp
  ${Do}
    ClearErrors
    ${If} ${FileExists} "$INSTDIR\jifenw.exe"
      Rename "$INSTDIR\jifenw.exe" "$INSTDIR\jifenw.exe.old"
      ${IfNot} ${Errors}
        Rename "$INSTDIR\jifenw.exe.old" "$INSTDIR\jifenw.exe"
      ${EndIf}
    ${EndIf}
    ${IfNot} ${Errors}
      ${Break}
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(StillRunning)" /SD IDCANCEL IDRETRY +2
    Abort
  ${Loop}
FunctionEnd

!macro RunRuntimeInstaller FILE KEY
  ReadRegDWORD $1 HKLM "${KEY}" "Installed"
  ${If} $1 != 1
    DetailPrint "$(Runtime)"
    File "/oname=$PLUGINSDIR\runtime.exe" "${FILE}"
    ExecWait '"$PLUGINSDIR\runtime.exe" /install /quiet /norestart' $2
    DetailPrint "Visual C++: $2"
    Delete "$PLUGINSDIR\runtime.exe"
  ${EndIf}
!macroend

Section "jifen" SecMain
  SectionIn RO
  InitPluginsDir
  Call CloseRunningApp

  !ifdef VCREDIST
    !insertmacro RunRuntimeInstaller "${VCREDIST}" "SOFTWARE\Microsoft\VisualStudio\14.0\VC\Runtimes\x64"
  !endif
  !ifdef VCREDIST2013
    !insertmacro RunRuntimeInstaller "${VCREDIST2013}" "SOFTWARE\Microsoft\VisualStudio\12.0\VC\Runtimes\x64"
  !endif

  ; files of an older version must not linger beside the new ones
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*.*"

  ; the shared store, and a one-PC shop's ledger beside it: every account on the PC may write them
  CreateDirectory "$APPDATA\jifen"
  nsExec::ExecToLog 'icacls "$APPDATA\jifen" /grant *S-1-5-32-545:(OI)(CI)M'
  Pop $0
  CreateDirectory "$APPDATA\jifen-ledger"
  nsExec::ExecToLog 'icacls "$APPDATA\jifen-ledger" /grant *S-1-5-32-545:(OI)(CI)M'
  Pop $0

  CreateDirectory "$SMPROGRAMS\jifen"
  CreateShortcut "$SMPROGRAMS\jifen\$(ShortcutApp).lnk" "$INSTDIR\jifenw.exe" "" "$INSTDIR\jifenw.exe" 0
  CreateShortcut "$SMPROGRAMS\jifen\$(ShortcutShell).lnk" "$SYSDIR\cmd.exe" '/k cd /d "$INSTDIR" && jifen.exe --help' "$INSTDIR\jifen.exe" 0
  CreateShortcut "$SMPROGRAMS\jifen\$(ShortcutUninstall).lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\$(ShortcutApp).lnk" "$INSTDIR\jifenw.exe" "" "$INSTDIR\jifenw.exe" 0

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "$(AppName)"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\jifenw.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DataLocation" "$APPDATA\jifen"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

; Keeps the store unless the person uninstalling says Yes, or a silent uninstall is given /REMOVEDATA.
Section "Uninstall"
  Delete "$DESKTOP\$(ShortcutApp).lnk"
  RMDir /r "$SMPROGRAMS\jifen"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\jifen.exe"
  Delete "$INSTDIR\jifenw.exe"
  Delete "$INSTDIR\jifen-ledger.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  StrCpy $0 "$APPDATA\jifen"
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/REMOVEDATA" $R1
  ${IfNot} ${Errors}
    RMDir /r "$0"
  ${ElseIf} ${FileExists} "$0\*.*"
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "$(RemoveData)" /SD IDNO IDNO keep
    RMDir /r "$0"
    keep:
  ${EndIf}

  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
