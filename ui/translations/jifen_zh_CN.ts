<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AdjustForm</name>
    <message>
        <location filename="../screens/members_forms.py" line="+82"/>
        <source>Points: 200 to add, -50 to take away</source>
        <translation>积分：200 为增加，-50 为扣减</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Adjust  Enter</source>
        <translation>调整  Enter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Back  Esc</source>
        <translation>返回  Esc</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A manager or the owner approves every adjustment.</source>
        <translation>每次调整都需店长或店主授权。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Adjust the points of %1</source>
        <translation>调整 %1 的积分</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Write the points as a whole number other than 0, up to %1: 200 adds points, -50 takes them away.</source>
        <translation>请填写非 0 的整数积分，最多 %1：200 为增加，-50 为扣减。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Say why, in 1 to 200 characters (for example: goods returned without a receipt).</source>
        <translation>请填写原因，1 至 200 个字（例如：无小票退款）。</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../app.py" line="+241"/>
        <source>Something went wrong</source>
        <translation>出现意外错误</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>Upgraded to jifen %1; the data from before the upgrade is backed up in %2.</source>
        <translation>已升级到 %1；升级前的数据已备份到 %2。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>jifen cannot start</source>
        <translation>jifen 无法启动</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../widgets/approval.py" line="+63"/>
        <source>Approval</source>
        <translation>授权</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+1"/>
        <source>Approver&apos;s PIN</source>
        <translation>授权人密码</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancel  Esc</source>
        <translation>取消  Esc</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>There is no manager or owner to approve. The owner adds staff in Settings › Staff.</source>
        <translation>没有可以授权的店长或店主。请店主在“设置 › 员工”中添加员工。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose who approves, then type their PIN.</source>
        <translation>请选择授权人，再输入其密码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type the PIN of %1, then press Enter.</source>
        <translation>请输入 %1 的密码，然后按 Enter。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checking the PIN…</source>
        <translation>正在核对密码…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 is a cashier and cannot approve. A manager or the owner must type their PIN.</source>
        <translation>%1 是收银员，无权授权。须由店长或店主输入密码。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Type the PIN again, or press Esc to cancel.</source>
        <translation>请重新输入密码，或按 Esc 取消。</translation>
    </message>
</context>
<context>
    <name>AuthorityField</name>
    <message>
        <location filename="../screens/settings_ledger.py" line="+88"/>
        <source>C&amp;hoose…</source>
        <translation>选择(&amp;H)…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A certificate authority is kept for this ledger: choose a file only to replace it</source>
        <translation>已为此总账保存了证书颁发机构：仅在要更换时选择文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only if the ledger&apos;s owner gave you one (a .pem file)</source>
        <translation>仅当总账管理员给了您证书文件时填写（.pem 文件）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The ledger&apos;s certificate authority</source>
        <translation>总账的证书颁发机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>CameraChoice</name>
    <message>
        <location filename="../screens/settings_camera.py" line="+28"/>
        <source>No camera (barcode scanner and phone numbers only)</source>
        <translation>不用摄像头（仅用扫码枪和手机号）</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Camera %1</source>
        <translation>摄像头 %1</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Pictures or video…</source>
        <translation>图片或视频…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>zxing (recommended)</source>
        <translation>zxing（推荐）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pyzbar</source>
        <translation>pyzbar</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Code reader</source>
        <translation>识码引擎</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Pictures or video to use as the camera</source>
        <translation>选择用作摄像头的图片或视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pictures and videos (*.png *.jpg *.jpeg *.bmp *.avi *.mp4)</source>
        <translation>图片和视频 (*.png *.jpg *.jpeg *.bmp *.avi *.mp4)</translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <location line="+55"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Saved. The checkout uses this camera the next time it starts scanning.</source>
        <translation>已保存。“收银”界面下次开始扫码时使用此摄像头。</translation>
    </message>
</context>
<context>
    <name>CameraPreview</name>
    <message>
        <location filename="../screens/settings_camera_preview.py" line="+25"/>
        <location line="+29"/>
        <source>Preview off</source>
        <translation>预览已关闭</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Opening the camera…</source>
        <translation>正在打开摄像头…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The camera works. Hold a member card in view to check that it reads.</source>
        <translation>摄像头正常。请把会员卡对准镜头，看能否识别。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Read a code: %1</source>
        <translation>识别到码：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No picture</source>
        <translation>没有画面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No picture: %1. Check the camera&apos;s cable, or choose another camera.</source>
        <translation>没有画面：%1。请检查摄像头连线，或换一个摄像头。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The pictures have all been shown; the source works.</source>
        <translation>图片已全部播放完毕，来源可用。</translation>
    </message>
</context>
<context>
    <name>CameraSetup</name>
    <message>
        <location filename="../screens/settings_camera.py" line="-67"/>
        <location line="+22"/>
        <source>Start the pre&amp;view</source>
        <translation>开始预览(&amp;V)</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>No camera chosen: choose one to see its picture.</source>
        <translation>未选择摄像头：请先选择一个再看画面。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop the pre&amp;view</source>
        <translation>停止预览(&amp;V)</translation>
    </message>
</context>
<context>
    <name>CameraSetupPage</name>
    <message>
        <location filename="../first_run_pages.py" line="+303"/>
        <source>The camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A camera reads members&apos; codes from their phones or cards. Without one, the barcode scanner and phone numbers work.</source>
        <translation>摄像头用来扫描会员手机或会员卡上的会员码。没有摄像头也可以用扫码枪或手机号。</translation>
    </message>
</context>
<context>
    <name>CameraView</name>
    <message>
        <location filename="../widgets/camera_view.py" line="+81"/>
        <location line="+23"/>
        <source>Camera off</source>
        <translation>摄像头已关闭</translation>
    </message>
    <message>
        <location line="-23"/>
        <location line="+8"/>
        <source>No camera set up: use the barcode scanner or type the phone number.</source>
        <translation>未设置摄像头：请用扫码枪，或输入手机号。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Camera: none</source>
        <translation>摄像头：无</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Camera: starting</source>
        <translation>摄像头：正在启动</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Starting the camera…</source>
        <translation>正在启动摄像头…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Camera: on</source>
        <translation>摄像头：已开启</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hold the member code up to the camera.</source>
        <translation>请将会员码对准摄像头。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+10"/>
        <source>Camera: off</source>
        <translation>摄像头：已关闭</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Camera: not working</source>
        <translation>摄像头：故障</translation>
    </message>
</context>
<context>
    <name>CheckedPage</name>
    <message>
        <location filename="../first_run_pages.py" line="-210"/>
        <source>A moment…</source>
        <translation>请稍候…</translation>
    </message>
</context>
<context>
    <name>CheckoutScreen</name>
    <message>
        <location filename="../screens/checkout.py" line="+102"/>
        <source>Checkout</source>
        <translation>收银</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>The rules have changed: this sale keeps the points shown; the new rules apply from the next sale.</source>
        <translation>积分规则已更改：本单仍按所示积分结算，新规则从下一笔销售起生效。</translation>
    </message>
    <message>
        <location line="+51"/>
        <location line="+426"/>
        <source>Points can be redeemed only by a member: scan their code or type their phone (F7).</source>
        <translation>只有会员才能用积分抵扣：请扫会员码或输入手机号（F7）。</translation>
    </message>
    <message>
        <location line="-420"/>
        <source>This member has no points to spend here now.</source>
        <translation>该会员目前没有可在此使用的积分。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No receipt to reprint here: open the sale in Refunds (%1) and press Ctrl+P.</source>
        <translation>这里没有可重印的小票：请在“退款”（%1）中打开该单，再按 Ctrl+P。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The sale changed, so payment was not taken: check the total, then F9 (cash) or F10 (card).</source>
        <translation>本单已有变动，未收款：请核对金额，再按 F9（现金）或 F10（刷卡）。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>New sale.</source>
        <translation>新的一单。</translation>
    </message>
    <message>
        <location line="+471"/>
        <source>Wait a moment: the sale is being recorded.</source>
        <translation>请稍候：正在记账。</translation>
    </message>
    <message>
        <location line="-435"/>
        <source>Looking up the member…</source>
        <translation>正在查找会员…</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Recording the sale… The member will join the next sale.</source>
        <translation>正在记账… 该会员将加入下一单。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ask the customer for the last four digits of their phone, then Enter to confirm or Esc.</source>
        <translation>请向顾客核对手机尾号后四位，按 Enter 确认，或按 Esc 取消。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Member %1 joined the sale.</source>
        <translation>会员 %1 已加入本单。</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Member %1 is already on this sale.</source>
        <translation>会员 %1 已在本单中。</translation>
    </message>
    <message>
        <location line="+156"/>
        <source>Selling without a member: this sale earns no points.</source>
        <translation>非会员结账：本单不积分。</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Recording the sale… This amount will start the next sale.</source>
        <translation>正在记账… 此金额将作为下一单的第一行。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Added %1.</source>
        <translation>已添加 %1。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Removed the line of %1.</source>
        <translation>已删除 %1 的一行。</translation>
    </message>
    <message>
        <location line="-70"/>
        <location line="+76"/>
        <source>Points to redeem lowered to %1, the most this sale now allows.</source>
        <translation>抵扣积分已降为 %1，即本单当前最多可用的积分。</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>Paying %1 with %2 points.</source>
        <translation>
            <numerusform>用 %2 积分抵扣 %1。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No points redeemed.</source>
        <translation>不使用积分抵扣。</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>This sale still uses %1 points.</source>
        <translation>
            <numerusform>本单仍抵扣 %1 积分。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>This member owes %1 points and cannot pay with points until that is cleared.</source>
        <translation>
            <numerusform>该会员欠 %1 积分，还清前不能用积分抵扣。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>The member has %1 points, not %2 — use at most %3.</source>
        <translation>
            <numerusform>该会员只有 %1 积分，不够 %2 —— 最多可用 %3。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Offline, this member can redeem %1 more points at this till today — use at most %2.</source>
        <translation>
            <numerusform>离线状态下，该会员今天在本机还可抵扣 %1 积分 —— 最多可用 %2。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This shop does not take points as payment (its rules allow 0 % of a sale).</source>
        <translation>本店不接受积分抵扣（规则允许抵扣 0% 的金额）。</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>This sale can take at most %1 points — use fewer, or add the lines first.</source>
        <translation>
            <numerusform>本单最多可用 %1 积分 —— 请少用一些，或先添加商品。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Add a line first: type the amount and press Enter.</source>
        <translation>请先添加商品：输入金额后按 Enter。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Confirm the member first (Enter), or Esc to drop them.</source>
        <translation>请先确认会员（Enter），或按 Esc 放弃该会员。</translation>
    </message>
    <message>
        <location line="-110"/>
        <location line="+136"/>
        <source>This sale was begun on %1: its points are now worked out for today.</source>
        <translation>本单始于 %1：积分现按今天计算。</translation>
    </message>
    <message>
        <location line="-637"/>
        <source>Enter add / confirm · Esc back · ↑↓ category · Del (empty amount) remove last line · F7 phone · Ctrl+F7 no member · F8 points · Ctrl+F8 drop coupon · F9 cash · F10 card · F11 new sale · Ctrl+P reprint</source>
        <translation>Enter 添加/确认 · Esc 返回 · ↑↓ 品类 · Del（金额为空时）删除最后一行 · F7 手机号 · Ctrl+F7 非会员 · F8 积分 · Ctrl+F8 取消优惠券 · F9 现金 · F10 刷卡 · F11 新单 · Ctrl+P 重印小票</translation>
    </message>
    <message>
        <location line="+224"/>
        <source>Recording the sale… The coupon will go on the next sale.</source>
        <translation>正在记录销售…… 该优惠券将用于下一笔销售。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Member %1 joined the next sale, not sale %2 just paid: that sale had no member.</source>
        <translation>会员 %1 已加入下一单，而不是刚付款的 %2 单：那一单没有会员。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 gives sale %2 this member&apos;s points instead.</source>
        <translation>按 %1 改为给 %2 单补积分。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No sale just paid is waiting for this member: %1 works only on an empty sale, right after the card is read.</source>
        <translation>没有刚付款、等着这位会员的销售单：%1 只在空的新单上、刚读卡后有效。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Giving sale %1 the member&apos;s points…</source>
        <translation>正在为 %1 单补积分…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The member is not on this sale: read their card again to add them.</source>
        <translation>会员不在本单中：如需加入，请再读一次会员码。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Member %3 has had many earning sales today at this store: a manager must approve giving them sale %1&apos;s points. Type their PIN and press Enter, or Esc to go back.</source>
        <translation>会员 %3 今天在本店已有多笔积分销售：为其补 %1 单的积分须店长授权。请店长输入密码后按 Enter，或按 Esc 返回。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sale %1 has no member yet: waiting for a manager&apos;s approval.</source>
        <translation>%1 单尚未补积分：等待店长授权。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No manager approved: sale %1 keeps no member and its points were not given.</source>
        <translation>店长未授权：%1 单仍无会员，未补积分。</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>Sale %1: %2 points to member %3 (balance %4).</source>
        <translation>
            <numerusform>销售单 %1 补 %2 积分给会员 %3（余额 %4）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Referral bonus: %1 points each to the member and their referrer.</source>
        <translation>
            <numerusform>推荐奖励：会员与推荐人各 %1 积分。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Coupon %1 is already on this sale.</source>
        <translation>优惠券 %1 已在本单中。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This sale already has coupon %1: one coupon a sale. %2 takes it off.</source>
        <translation>本单已使用优惠券 %1：每单限用一张。按 %2 可取消。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Checking the coupon…</source>
        <translation>正在核验优惠券……</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+262"/>
        <source>The coupon read meanwhile was not used: read it again once this sale is done.</source>
        <translation>期间扫描的优惠券未使用：本单完成后请重新扫描。</translation>
    </message>
    <message>
        <location line="-251"/>
        <source>Coupon %1 is on the sale: %2 off from %3.</source>
        <translation>已使用优惠券 %1：满 %3 减 %2。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Its member %1 joined the next sale, not sale %2 just paid: that sale had no member.</source>
        <translation>其会员 %1 已加入下一单，而不是刚付款的 %2 单：那一单没有会员。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Its member %1 joined the sale.</source>
        <translation>其会员 %1 已加入本单。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 — the coupon was not taken; the sale is unchanged.</source>
        <translation>%1 —— 未使用该优惠券；本单未作更改。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No coupon on this sale.</source>
        <translation>本单没有使用优惠券。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Coupon %1 taken off the sale.</source>
        <translation>已从本单取消优惠券 %1。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Coupon %1 is another member&apos;s: taken off the sale.</source>
        <translation>优惠券 %1 属于其他会员：已从本单取消。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>A sale holds at most %1 lines: this amount was not added, and stays typed for the next sale. Take payment now (F9 cash, F10 card).</source>
        <translation>每单最多 %1 行：此金额未添加，留在输入框中，作为下一单的第一行。请现在收款（F9 现金，F10 刷卡）。</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>Coupon %1 needs a spend of %2; this sale is %3. Add %4 more, or %5 takes the coupon off.</source>
        <translation>优惠券 %1 需满 %2 可用；本单为 %3。请再加 %4，或按 %5 取消优惠券。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Looking up the member: take payment once they are on the sale.</source>
        <translation>正在查找会员：会员加入本单后再收款。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Recording the sale…</source>
        <translation>正在记账…</translation>
    </message>
    <message>
        <location line="-365"/>
        <location line="+370"/>
        <source>Nobody is logged in: log in again (F12).</source>
        <translation>当前无人登录：请重新登录（F12）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Take payment (F9, F10) or clear the sale (Esc twice) before logging out.</source>
        <translation>请先收款（F9、F10）或清空本单（按两次 Esc），再退出登录。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>This member has had many earning sales today at this store: a manager must approve this one. Type their PIN and press Enter, or Esc to go back.</source>
        <translation>该会员今天在本店已有多笔积分销售：本单须店长授权。请店长输入密码后按 Enter，或按 Esc 返回。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing recorded yet: waiting for a manager&apos;s approval.</source>
        <translation>尚未记账：等待店长授权。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The member code read meanwhile was not used: read it again once this sale is done.</source>
        <translation>其间读到的会员码未使用：本单完成后请重新扫码。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 — nothing was recorded, and the sale is still here: take lines off (Del) and take payment, then ring them up as another sale.</source>
        <translation>%1——本单未记账，仍保留在屏幕上：请删去几行（Del）后收款，再把删去的行另开一单。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 takes the coupon off.</source>
        <translation>按 %1 可取消优惠券。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Sale %1 is recorded (%2). Something went wrong showing it: do not take payment again. Type an amount or scan to start the next sale.</source>
        <translation>销售单 %1 已记账（%2），但显示时出现意外错误：请勿再次收款。输入金额或扫码，开始下一单。</translation>
    </message>
    <message numerus="yes">
        <location line="+36"/>
        <source>Balance now %1 points</source>
        <translation>
            <numerusform>现有积分 %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>card</source>
        <translation>刷卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sale %1 recorded: %2 by %3.</source>
        <translation>销售单 %1 已记账：%3收款 %2。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Coupon %1: −%2.</source>
        <translation>优惠券 %1：−%2。</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Earned %1 points, balance %2.</source>
        <translation>
            <numerusform>获得 %1 积分，余额 %2。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type an amount or scan to start the next sale.</source>
        <translation>输入金额或扫码，开始下一单。</translation>
    </message>
    <message>
        <location line="-793"/>
        <source>No printer is set up: the receipt is on screen only.</source>
        <translation>未设置打印机：小票仅显示在屏幕上。</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Sell without a member  %1</source>
        <translation>非会员结账  %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The sale is recorded, but the receipt did not print: %1. Ctrl+P prints it again.</source>
        <translation>本单已记账，但小票没有打印出来：%1。按 Ctrl+P 重印。</translation>
    </message>
    <message>
        <location line="+378"/>
        <source>%1 — check the number, or sell without a member.</source>
        <translation>%1——请核对号码，或不用会员直接结账。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 — ask for another code, type the phone number (F7), or sell without a member.</source>
        <translation>%1——请让顾客换一个码、输入手机号（F7），或不用会员直接结账。</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>%1 — correct the amount and press Enter.</source>
        <translation>%1——请改正金额后按 Enter。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>%1 — change the points and press Enter.</source>
        <translation>%1——请修改积分后按 Enter。</translation>
    </message>
    <message>
        <location line="+169"/>
        <source>%1 — nothing was recorded; correct it and take payment again.</source>
        <translation>%1——本单未记账；请改正后重新收款。</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>Payment not taken.</source>
        <translation>未收款。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not that member: the sale goes on without them.</source>
        <translation>不是该会员：本单按非会员继续。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Press Esc again to clear this sale.</source>
        <translation>再按一次 Esc 清空本单。</translation>
    </message>
</context>
<context>
    <name>ChineseCharacters</name>
    <message>
        <location filename="../screens/settings_printer.py" line="+73"/>
        <source>Yes</source>
        <translation>有</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No (receipts print in English)</source>
        <translation>无（小票以英文打印）</translation>
    </message>
</context>
<context>
    <name>ConfirmBox</name>
    <message>
        <location filename="../screens/gifts_actions.py" line="+26"/>
        <source>Confirm (Enter)</source>
        <translation>确认（Enter）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Top-up by card  F10</source>
        <translation>刷卡加价  F10</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Back  Esc</source>
        <translation>返回  Esc</translation>
    </message>
</context>
<context>
    <name>DashboardCharts</name>
    <message>
        <location filename="../screens/dashboard_charts.py" line="+122"/>
        <location line="+12"/>
        <source>Sales per day (￥)</source>
        <translation>每日销售额（￥）</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Money by method</source>
        <translation>各支付方式金额</translation>
    </message>
    <message>
        <location line="-1"/>
        <location line="+12"/>
        <source>Points earned and redeemed per day</source>
        <translation>每日获得与抵扣积分</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Sales per month (￥)</source>
        <translation>每月销售额（￥）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points earned and redeemed per month</source>
        <translation>每月获得与抵扣积分</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Gross sales (￥)</source>
        <translation>销售额（￥）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Earned</source>
        <translation>获得</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redeemed</source>
        <translation>抵扣</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Card</source>
        <translation>刷卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points</source>
        <translation>积分抵扣</translation>
    </message>
</context>
<context>
    <name>DashboardMall</name>
    <message>
        <location filename="../screens/dashboard_mall.py" line="+60"/>
        <source>Most exchanged gifts (top %1)</source>
        <translation>兑换最多的礼品（前 %1 名）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stock running low (%1 or fewer left)</source>
        <translation>库存不足（剩余 %1 件及以下）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Gift exchanges</source>
        <translation>礼品兑换次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points for gifts</source>
        <translation>兑换礼品所用积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gift top-ups (yuan)</source>
        <translation>礼品加价（元）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top-ups in cash (yuan)</source>
        <translation>现金加价（元）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top-ups by card (yuan)</source>
        <translation>刷卡加价（元）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exchanges cancelled</source>
        <translation>已取消兑换</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coupons issued</source>
        <translation>发放优惠券</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points for coupons</source>
        <translation>兑换优惠券所用积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coupons used</source>
        <translation>已使用优惠券</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coupon discounts (yuan)</source>
        <translation>优惠券抵扣（元）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coupons expired</source>
        <translation>过期优惠券</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Codes claimed</source>
        <translation>已领取兑换码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points for codes</source>
        <translation>兑换码所用积分</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Gift</source>
        <translation>礼品</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+4"/>
        <source>Item</source>
        <translation>商品编号</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Exchanges</source>
        <translation>兑换次数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stock left</source>
        <translation>剩余库存</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The points mall figures could not be read: %1</source>
        <translation>无法读取积分商城数据：%1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No gifts or coupons in the catalog yet. The manager adds them with “jifen gift add”, or they arrive from the ledger with sync.</source>
        <translation>商品目录中还没有礼品或优惠券。店长可用“jifen gift add”添加，或在同步时从总账下发。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No item is running low.</source>
        <translation>没有库存不足的商品。</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n items are running low: order more or take them off sale.</source>
        <translation>
            <numerusform>%n 件商品库存不足：请补货或下架。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Points mall — this terminal (%1)</source>
        <translation>积分商城 — 本机（%1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most exchanged gifts — this terminal (%1)</source>
        <translation>兑换最多的礼品 — 本机（%1）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stock running low now — this terminal (%1)</source>
        <translation>当前库存不足 — 本机（%1）</translation>
    </message>
</context>
<context>
    <name>DashboardOverview</name>
    <message>
        <location filename="../screens/dashboard_overview.py" line="+60"/>
        <source>Sales</source>
        <translation>销售笔数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Gross sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Card</source>
        <translation>刷卡</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paid with points</source>
        <translation>积分抵扣</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Refunded</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Points outstanding at the start</source>
        <translation>期初会员持有积分</translation>
    </message>
    <message>
        <location line="-60"/>
        <source>Points earned</source>
        <translation>获得积分</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Cash in drawer (with gift top-ups, less refunded in cash)</source>
        <translation>钱箱现金（含礼品加价，减现金退款）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bonus points</source>
        <translation>奖励积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points adjusted</source>
        <translation>调整积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points redeemed</source>
        <translation>抵扣积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points expired</source>
        <translation>过期积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points spent in the mall (gifts, coupons, codes)</source>
        <translation>积分商城消耗积分（礼品、优惠券、兑换码）</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>This terminal (%1) only: the whole business is under All stores below and on the Per terminal tab</source>
        <translation>仅本机（%1）：全部门店的数据见下方“全部门店”和“按终端”页</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This terminal (%1)</source>
        <translation>本机（%1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All stores (the whole business, as the ledger has them)</source>
        <translation>全部门店（总账数据）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cash (all stores)</source>
        <translation>现金（全部门店）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Card (all stores)</source>
        <translation>刷卡（全部门店）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Points outstanding at the end (all stores: what members hold)</source>
        <translation>期末会员持有积分（全部门店）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Points expired (all stores)</source>
        <translation>过期积分（全部门店）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Net points at the start (this terminal&apos;s)</source>
        <translation>期初本机积分累计净增减</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Net points at the end (this terminal&apos;s: given or given back here less used, taken or expired here)</source>
        <translation>期末本机积分累计净增减（本机发放及退回－使用、扣除及过期）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Points outstanding at the end (what members hold)</source>
        <translation>期末会员持有积分</translation>
    </message>
    <message>
        <location line="-55"/>
        <source>Members served</source>
        <translation>服务会员</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Points restored</source>
        <translation>退款退回积分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Points taken back</source>
        <translation>退款扣回积分</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New members</source>
        <translation>新会员</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Gross sales (all stores)</source>
        <translation>销售额（全部门店）</translation>
    </message>
    <message numerus="yes">
        <location line="+41"/>
        <source>%1 points (worth %2)</source>
        <translation>
            <numerusform>%1 积分（价值 %2）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <location filename="../screens/dashboard.py" line="+60"/>
        <source>Dashboard</source>
        <translation>经营概况</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Show (Enter)</source>
        <translation>查询（Enter）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Today</source>
        <translation>今天(&amp;T)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Yesterday</source>
        <translation>昨天(&amp;Y)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last &amp;7 days</source>
        <translation>近 7 天(&amp;7)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>This &amp;month</source>
        <translation>本月(&amp;M)</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>&amp;Export for Excel (CSV)…</source>
        <translation>导出 Excel 表格 (CSV)(&amp;E)…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points mall</source>
        <translation>积分商城</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+4"/>
        <source>Day by day</source>
        <translation>按日</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+3"/>
        <source>Points by day</source>
        <translation>积分按日</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+3"/>
        <source>Per cashier</source>
        <translation>按收银员</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+4"/>
        <source>Per terminal</source>
        <translation>按终端</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Points per cashier</source>
        <translation>积分按收银员</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>%1 — change the dates and press Enter.</source>
        <translation>%1 —— 请修改日期后按 Enter。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Adding up %1 to %2…</source>
        <translation>正在统计 %1 至 %2…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Adding up %1 to %2: %3, month %4 of %5…</source>
        <translation>正在统计 %1 至 %2：%3，第 %4 个月，共 %5 个月…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The figures could not be counted: %1</source>
        <translation>无法统计数据：%1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message numerus="yes">
        <location line="+63"/>
        <source>Every cashier at every terminal of the business, as the ledger has them. %n entries of this terminal still wait to be sent and are not counted yet.</source>
        <translation>
            <numerusform>总账中本企业所有终端的收银员数据。本机还有 %n 条记录等待上传，暂未计入。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-2"/>
        <source>Every terminal of the business, as the ledger has them. %n entries of this terminal still wait to be sent and are not counted yet.</source>
        <translation>
            <numerusform>总账中本企业所有终端的数据。本机还有 %n 条记录等待上传，暂未计入。</numerusform>
        </translation>
    </message>
    <message>
        <location line="-42"/>
        <source>Only this terminal is shown: %1. Check the network, then press Enter to try again.</source>
        <translation>仅显示本机数据：%1。请检查网络，然后按 Enter 重试。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The ledger refused to give the figures (%1). Check the ledger token in Settings (Ctrl+F9).</source>
        <translation>总账拒绝提供数据（%1）。请在“设置”（Ctrl+F9）中检查总账令牌。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>This terminal only. To see every terminal of the business, connect to a ledger in Settings (Ctrl+F9).</source>
        <translation>仅本终端的数据。要查看全部终端，请在“设置”（Ctrl+F9）中连接总账。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Wait for the figures to appear, then export.</source>
        <translation>请等数据显示出来后再导出。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export for Excel</source>
        <translation>导出 Excel 表格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV for Excel (*.csv)</source>
        <translation>Excel 可用的 CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Saved %1 — open it with Excel.</source>
        <translation>已保存 %1 —— 可用 Excel 打开。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The file could not be saved: %1.</source>
        <translation>文件无法保存：%1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file could not be saved (%1). Choose another folder, such as Documents, and export again.</source>
        <translation>文件无法保存（%1）。请换一个文件夹（例如“文档”）后重新导出。</translation>
    </message>
</context>
<context>
    <name>DashboardTables</name>
    <message>
        <location filename="../screens/dashboard_tables.py" line="+69"/>
        <location line="+27"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="-26"/>
        <location line="+43"/>
        <location line="+26"/>
        <source>Sales</source>
        <translation>销售笔数</translation>
    </message>
    <message>
        <location line="-67"/>
        <location line="+43"/>
        <location line="+26"/>
        <source>Cash (yuan)</source>
        <translation>现金（元）</translation>
    </message>
    <message>
        <location line="-68"/>
        <location line="+43"/>
        <location line="+26"/>
        <source>Card (yuan)</source>
        <translation>刷卡（元）</translation>
    </message>
    <message>
        <location line="-68"/>
        <source>Paid with points (yuan)</source>
        <translation>积分抵扣（元）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+42"/>
        <source>Refunds</source>
        <translation>退款笔数</translation>
    </message>
    <message>
        <location line="-41"/>
        <location line="+42"/>
        <location line="+25"/>
        <source>Refunded (yuan)</source>
        <translation>退款金额（元）</translation>
    </message>
    <message>
        <location line="-58"/>
        <location line="+59"/>
        <source>Points earned</source>
        <translation>获得积分</translation>
    </message>
    <message>
        <location line="-58"/>
        <source>Bonus points</source>
        <translation>奖励积分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Points adjusted</source>
        <translation>调整积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+56"/>
        <source>Points redeemed</source>
        <translation>抵扣积分</translation>
    </message>
    <message>
        <location line="-54"/>
        <location line="+45"/>
        <source>Points expired</source>
        <translation>过期积分</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Day by day — this terminal (%1)</source>
        <translation>按日 — 本机（%1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Total — this terminal (%1)</source>
        <translation>合计 — 本机（%1）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>By cashier — this terminal (%1)</source>
        <translation>按收银员 — 本机（%1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Total — all terminals</source>
        <translation>合计 — 全部终端</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>By cashier — all terminals of %1 the ledger knows</source>
        <translation>按收银员 — 总账所知的%1全部终端</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>By terminal — all terminals of %1 the ledger knows</source>
        <translation>按终端 — 总账所知的%1全部终端</translation>
    </message>
    <message>
        <location line="-139"/>
        <location line="+42"/>
        <location line="+27"/>
        <source>Members served</source>
        <translation>服务会员</translation>
    </message>
    <message>
        <location line="-76"/>
        <location line="+43"/>
        <location line="+26"/>
        <source>Gross sales (yuan)</source>
        <translation>销售额（元）</translation>
    </message>
    <message>
        <location line="-63"/>
        <location line="+42"/>
        <source>Cash in drawer (yuan)</source>
        <translation>钱箱现金（元）</translation>
    </message>
    <message>
        <location line="-40"/>
        <location line="+42"/>
        <location line="+27"/>
        <source>New members</source>
        <translation>新会员</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>Points restored</source>
        <translation>退款退回积分</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Points taken back</source>
        <translation>退款扣回积分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Points spent in the mall</source>
        <translation>商城消耗积分</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This terminal&apos;s net points</source>
        <translation>本机积分累计净增减</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points outstanding</source>
        <translation>会员持有积分</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+14"/>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <location line="+47"/>
        <location line="+23"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
</context>
<context>
    <name>EditDialog</name>
    <message>
        <location filename="../screens/members_forms.py" line="+15"/>
        <source>Edit member details</source>
        <translation>修改会员资料</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Mobile number (11 digits)</source>
        <translation>手机号（11 位）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name (empty for no name)</source>
        <translation>姓名（留空则不填姓名）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save  Enter</source>
        <translation>保存  Enter</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel  Esc</source>
        <translation>取消  Esc</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Edit the details of %1</source>
        <translation>修改 %1 的资料</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New mobile number (leave empty to keep %1)</source>
        <translation>新手机号（不改请留空，现为 %1）</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../first_run.py" line="+40"/>
        <source>jifen — set up this till</source>
        <translation>积分收银 —— 设置本终端</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Quit setup?</source>
        <translation>退出设置？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>jifen is not set up yet. If you quit now, nothing you typed is kept, and setup starts again the next time jifen starts.</source>
        <translation>jifen 尚未设置完成。现在退出，已填写的内容都不会保存，下次启动 jifen 时将重新设置。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Continue setup  Enter</source>
        <translation>继续设置  Enter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Quit setup</source>
        <translation>退出设置(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>GiftTable</name>
    <message>
        <location filename="../screens/gifts_list.py" line="+26"/>
        <source>Gift</source>
        <translation>礼品</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stock left</source>
        <translation>剩余库存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gifts to take</source>
        <translation>可兑换的礼品</translation>
    </message>
    <message numerus="yes">
        <location line="+45"/>
        <source>Coupon: %1 off a spend of %2 or more, good for %3 days</source>
        <translation>
            <numerusform>优惠券：满 %2 减 %1，%3 天内有效</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%1 points</source>
        <translation>
            <numerusform>%1 积分</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
</context>
<context>
    <name>GiftWords</name>
    <message numerus="yes">
        <location filename="../screens/gifts_words.py" line="+17"/>
        <source>%1 points</source>
        <translation>
            <numerusform>%1 积分</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give member %1 the coupon “%2” for %3?</source>
        <translation>为会员 %1 兑换优惠券“%2”，需 %3？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give member %1 the gift “%2” for %3?</source>
        <translation>为会员 %1 兑换礼品“%2”，需 %3？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take %1 on top: Enter in cash, F10 by card; Esc to go back.</source>
        <translation>需收加价 %1：按 Enter 收现金，按 F10 刷卡；按 Esc 返回。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter to confirm, Esc to go back.</source>
        <translation>按 Enter 确认，按 Esc 返回。</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Exchange %1: %2 for %3 points.</source>
        <translation>
            <numerusform>兑换单 %1：%2，用 %3 积分。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>card</source>
        <translation>刷卡</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take %1 (%2).</source>
        <translation>请收取 %1（%2）。</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <location line="+15"/>
        <source>Balance now %1 points.</source>
        <translation>
            <numerusform>现有积分 %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-11"/>
        <source>Coupon %1 issued: %2 off a spend of %3 or more, until %4. Balance now %5 points.</source>
        <translation>
            <numerusform>已发放优惠券 %1：满 %3 减 %2，有效期至 %4。现有积分 %5。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Exchange %1 cancelled: %2 points back to the member, the gift back in stock.</source>
        <translation>
            <numerusform>兑换单 %1 已取消：%2 积分退回会员，礼品退回库存。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Give back the top-up of %1.</source>
        <translation>请退还加价 %1。</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Code for %1: %2 (%3 points). Write it down for the member or let them photograph it. Balance now %4 points.</source>
        <translation>
            <numerusform>%1 的兑换码：%2（%3 积分）。请抄给会员，或让会员拍照留存。现有积分 %4。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose something with fewer points.</source>
        <translation>请选择所需积分更少的礼品。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose another gift; the manager adds stock.</source>
        <translation>请换一件礼品；库存由店长补充。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose another gift.</source>
        <translation>请换一件礼品。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The member has taken as many as allowed; choose another gift.</source>
        <translation>该会员已达兑换上限；请换一件礼品。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a gift for this member&apos;s tier.</source>
        <translation>请选择该会员等级可兑换的礼品。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The member must clear what they owe first.</source>
        <translation>该会员须先还清所欠积分。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try again when the terminal is online, or choose something with fewer points.</source>
        <translation>请在终端联网后重试，或选择所需积分更少的礼品。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try again when the terminal is online.</source>
        <translation>请在终端联网后重试。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Each member may claim one code of an offer.</source>
        <translation>每位会员每个活动只能领取一个兑换码。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the name or number and try again.</source>
        <translation>请核对名称或编号后重试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing was taken: %1.</source>
        <translation>未扣积分：%1。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check the exchange number on the receipt.</source>
        <translation>请核对小票上的兑换单号。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only today&apos;s exchanges can be cancelled.</source>
        <translation>只能取消当天的兑换。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing more to do.</source>
        <translation>无需其他操作。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not cancelled: %1.</source>
        <translation>未取消：%1。</translation>
    </message>
</context>
<context>
    <name>GiftsScreen</name>
    <message>
        <location filename="../screens/gifts.py" line="+55"/>
        <source>Gifts</source>
        <translation>积分兑换</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Another member</source>
        <translation>换一位会员</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>↑↓ choose · Enter take / confirm · Esc back · F7 phone · F8 cancel an exchange · F10 top-up by card · F11 claim a partner code · Ctrl+P reprint</source>
        <translation>↑↓ 选择 · Enter 兑换/确认 · Esc 返回 · F7 手机号 · F8 取消兑换 · F10 刷卡加价 · F11 领取合作方兑换码 · Ctrl+P 重印小票</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>There are no gifts to take now. The manager adds them with “jifen gift add”, or they arrive from the ledger with sync.</source>
        <translation>目前没有可兑换的礼品。店长可用“jifen gift add”添加，或由总账同步下发。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Looking up the member…</source>
        <translation>正在查找会员…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ask the customer for the last four digits of their phone, then Enter to confirm or Esc.</source>
        <translation>请向顾客核对手机尾号后四位，按 Enter 确认，或按 Esc 取消。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Member %1: choose a gift with ↑↓ and press Enter.</source>
        <translation>会员 %1：用 ↑↓ 选择礼品，按 Enter 兑换。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>check the number, or scan the member&apos;s code.</source>
        <translation>请核对号码，或扫会员码。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Scan the member code, or type the phone number (F7).</source>
        <translation>请扫会员码，或输入手机号（F7）。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No member: scan the next member&apos;s code or type their phone (F7).</source>
        <translation>无会员：请扫下一位会员的会员码，或输入手机号（F7）。</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+104"/>
        <source>Find the member first: scan their code or type their phone (F7).</source>
        <translation>请先找到会员：扫会员码或输入手机号（F7）。</translation>
    </message>
    <message>
        <location line="-88"/>
        <location line="+92"/>
        <source>Nobody is logged in: log in again (F12).</source>
        <translation>当前无人登录：请重新登录（F12）。</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>Issuing the coupon…</source>
        <translation>正在发放优惠券…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Recording the exchange…</source>
        <translation>正在记录兑换…</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Cancelling exchange %1 gives the points back and puts the gift back in stock: a manager&apos;s or the owner&apos;s PIN is needed.</source>
        <translation>取消兑换单 %1 会退回积分并将礼品退回库存：需要店长或店主输入密码。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cancelling the exchange…</source>
        <translation>正在取消兑换…</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Asking the ledger for a code…</source>
        <translation>正在向总账申请兑换码…</translation>
    </message>
    <message>
        <location line="-276"/>
        <source>No printer is set up: nothing was printed.</source>
        <translation>未设置打印机：没有打印。</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>It is recorded, but the receipt did not print: %1. Ctrl+P prints it again.</source>
        <translation>已记账，但小票没有打印出来：%1。按 Ctrl+P 重印。</translation>
    </message>
    <message>
        <location line="+304"/>
        <source>Nothing taken.</source>
        <translation>未兑换。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not that member.</source>
        <translation>不是该会员。</translation>
    </message>
</context>
<context>
    <name>GuideWindow</name>
    <message>
        <location filename="../guide_window.py" line="+32"/>
        <source>Guide</source>
        <translation>使用说明</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Guide (Chinese)</source>
        <translation>使用说明（中文）</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <location filename="../widgets/keypad.py" line="+27"/>
        <source>Enter</source>
        <translation>确认</translation>
    </message>
</context>
<context>
    <name>LanguageChoice</name>
    <message>
        <location filename="../screens/settings_language.py" line="+26"/>
        <source>Automatic (the computer&apos;s language)</source>
        <translation>自动（跟随电脑语言）</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <location line="+23"/>
        <source>A new language or text size is used from the next time the app starts.</source>
        <translation>新的语言或字号在下次启动软件时生效。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text size</source>
        <translation>字号</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Saved. Close the app and start it again to use the new language and text size.</source>
        <translation>已保存。请关闭软件后重新打开，以使用新的语言和字号。</translation>
    </message>
</context>
<context>
    <name>LedgerPage</name>
    <message>
        <location filename="../screens/settings_ledger.py" line="+15"/>
        <source>jt_… (from the ledger&apos;s owner)</source>
        <translation>jt_…（向总账管理员索取）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>C&amp;onnect</source>
        <translation>连接(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;fresh the sync state</source>
        <translation>刷新同步状态(&amp;F)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ledger address</source>
        <translation>总账地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This terminal&apos;s token</source>
        <translation>本机令牌</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificate authority</source>
        <translation>证书颁发机构</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Type the ledger&apos;s address first.</source>
        <translation>请先输入总账地址。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Asking the ledger…</source>
        <translation>正在联系总账…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Connected to the ledger as %1 / %2 / %3. Entries are sent in the background.</source>
        <translation>已连接总账，身份为 %1 / %2 / %3。记录会在后台上传。</translation>
    </message>
</context>
<context>
    <name>LedgerSetupPage</name>
    <message>
        <location filename="../first_run_ledger.py" line="+49"/>
        <source>The central ledger (optional)</source>
        <translation>总账（可选）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>If your business runs a ledger for all its stores, type its address and this till&apos;s token. Otherwise leave both empty and press Next.</source>
        <translation>如果贵企业为所有门店设有总账，请输入总账地址和本终端的令牌；否则两项都留空，直接按“下一步”。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ledger address</source>
        <translation>总账地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This till&apos;s token</source>
        <translation>本终端令牌</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificate authority</source>
        <translation>证书颁发机构</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Type the ledger&apos;s address too, or clear the token.</source>
        <translation>请同时输入总账地址，或清空令牌。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>This token belongs to %1, not to till %2. Ask the ledger&apos;s owner for till %2&apos;s token, or go Back and change the till number.</source>
        <translation>此令牌属于 %1，不属于终端 %2。请向总账管理员索取终端 %2 的令牌，或返回上一步修改终端编号。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The ledger keeps this business in time zone %1, but you chose %2 for this store, so the two would put sales on different days. Go Back and choose %1, or ask the ledger&apos;s owner.</source>
        <translation>总账中本商户的时区为 %1，而您为本店选择了 %2，两边会把销售算在不同的日期。请返回上一步选择 %1，或联系总账管理员。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1. To use a new till number, go Back to the first page and change it there.</source>
        <translation>%1。如需使用新的终端编号，请返回第一页修改。</translation>
    </message>
</context>
<context>
    <name>LedgerWords</name>
    <message>
        <location filename="../screens/settings_ledger.py" line="-159"/>
        <source>“%1” is not a ledger address. Type it like %2.</source>
        <translation>“%1”不是有效的总账地址。请按 %2 的格式输入。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paste this terminal&apos;s token from the ledger&apos;s owner.</source>
        <translation>请粘贴总账管理员给本机的令牌。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1. Check the address and the network, then try again. Sales go on meanwhile.</source>
        <translation>%1。请检查地址和网络后重试。期间照常收银。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The ledger&apos;s certificate cannot be trusted (%1). If the ledger has a private certificate, choose its certificate authority file in the Certificate authority field (ask whoever set up the ledger for it); otherwise check the address.</source>
        <translation>总账的证书不可信（%1）。如果总账使用私有证书，请在“证书颁发机构”一栏选择它的证书颁发机构文件（可向设置总账的人索取）；否则请检查地址。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1. Nothing was connected.</source>
        <translation>%1。未连接总账。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This shop&apos;s own gifts (%1) are not in the ledger&apos;s catalog, and the first sync replaces the catalog here with the ledger&apos;s. Add them at the ledger first, or press Connect again to let them go.</source>
        <translation>本店自建的礼品（%1）不在总账的商品目录中，首次同步会以总账目录替换本地目录。请先在总账中添加，或再按一次“连接”放弃这些礼品。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This token belongs to %1, not to this terminal (%2). Ask the ledger&apos;s owner for this terminal&apos;s token.</source>
        <translation>此令牌属于 %1，不属于本机（%2）。请向总账管理员索取本机的令牌。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This store&apos;s time zone is %1, but the ledger keeps this business in %2, so the two would put sales on different days. A time zone is set when the store or the business is created: ask the ledger&apos;s owner to set this business up in %1.</source>
        <translation>本店时区为 %1，而总账中本商户的时区为 %2，两边会把销售算在不同的日期。时区在创建门店或商户时设定：请联系总账管理员以 %1 时区设立本商户。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“%1” is not a certificate authority file (a .pem file that begins with -----BEGIN CERTIFICATE-----). Choose the file the ledger&apos;s owner gave you.</source>
        <translation>“%1”不是证书颁发机构文件（以 -----BEGIN CERTIFICATE----- 开头的 .pem 文件）。请选择总账管理员给您的文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The ledger refused this token (%1). Check that you copied all of it, or ask the ledger&apos;s owner for a new one.</source>
        <translation>总账拒绝了此令牌（%1）。请检查是否完整复制，或向总账管理员索取新令牌。</translation>
    </message>
</context>
<context>
    <name>LinesPanel</name>
    <message>
        <location filename="../screens/checkout_lines.py" line="+120"/>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lines of the sale</source>
        <translation>本单商品行</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Amount in yuan</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Amount — %1</source>
        <translation>金额 —— %1</translation>
    </message>
    <message>
        <location line="-60"/>
        <source>Add line</source>
        <translation>添加</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../screens/login.py" line="+31"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose your name (↑ ↓)</source>
        <translation>请选择您的名字（↑ ↓）</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+1"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your name</source>
        <translation>您的名字</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1: the guide (in Chinese)</source>
        <translation>按 %1 打开使用说明</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Choose your name (↑ ↓) first, then type your PIN.</source>
        <translation>请先选择您的名字（↑ ↓），再输入密码。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Ask the owner or a manager to unlock you in Settings › Staff.</source>
        <translation>请店主或店长在“设置 › 员工”中为您解锁。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask an owner to unlock you in Settings › Staff.</source>
        <translation>请店主在“设置 › 员工”中为您解锁。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="+108"/>
        <source>jifen — %1</source>
        <translation>积分收银 —— %1</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>%1 · F12 log out</source>
        <translation>%1 · F12 退出登录</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Shift opened at %1.</source>
        <translation>%1 已开班。</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Close jifen?</source>
        <translation>关闭积分收银？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The work on %1 is not finished: if you close jifen now, it is lost.</source>
        <translation>“%1”中还有未完成的操作：现在关闭，这些内容将会丢失。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep working  Enter</source>
        <translation>继续操作  Enter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Close and lose it</source>
        <translation>关闭并放弃</translation>
    </message>
</context>
<context>
    <name>MemberPanel</name>
    <message>
        <location filename="../screens/checkout_member.py" line="+96"/>
        <source>Member&apos;s phone or code</source>
        <translation>会员手机号或会员码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Member&apos;s phone (F7) — Enter looks it up</source>
        <translation>会员手机号（F7）—— 按 Enter 查找</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Yes, this member (Enter)</source>
        <translation>是该会员（Enter）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No (Esc)</source>
        <translation>不是（Esc）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Sell without a member</source>
        <translation>非会员结账</translation>
    </message>
    <message>
        <location line="+106"/>
        <location line="+39"/>
        <location filename="../screens/members_panel.py" line="+52"/>
        <source>(no name)</source>
        <translation>（未填姓名）</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>%1 · %2 — ask the customer: do the last four digits read %3?</source>
        <translation>%1 · %2 —— 请问顾客：手机尾号是 %3 吗？</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>No member</source>
        <translation>无会员</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%1 · %2 points</source>
        <translation>
            <numerusform>%1 · %2 积分</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Owes %1 points: cannot pay with points until that is cleared</source>
        <translation>
            <numerusform>欠 %1 积分：还清前不能用积分抵扣</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%1 points expire tonight: today is the last day to use them</source>
        <translation>
            <numerusform>%1 积分今晚到期：今天是最后一天可以使用</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 points expire on %2</source>
        <translation>
            <numerusform>%1 积分将于 %2 过期</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/members_panel.py" line="-17"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Money</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points in</source>
        <translation>积分增加</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Points out</source>
        <translation>积分减少</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Member&apos;s history</source>
        <translation>会员记录</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>History (latest first)</source>
        <translation>记录（最新在前）</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Balance: %1 points</source>
        <translation>
            <numerusform>积分余额：%1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Owes %1 points: a refund took back points the member had already spent. They cannot pay with points until the debt is cleared by new points or an adjustment.</source>
        <translation>
            <numerusform>欠 %1 积分：退款扣回了会员已经用掉的积分。在新获得的积分或人工调整还清欠分之前，不能用积分抵扣。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No points waiting to expire</source>
        <translation>暂无即将过期的积分</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Next expiry: %1 points on %2</source>
        <translation>
            <numerusform>下次过期：%2 过期 %1 积分</numerusform>
        </translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Tier: %1 · spent %2 in the last 365 days</source>
        <translation>等级：%1 · 近 365 天消费 %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Top tier</source>
        <translation>已是最高等级</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 more to reach %2</source>
        <translation>再消费 %1 可升级为 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sale %1</source>
        <translation>销售 %1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Points for sale %1</source>
        <translation>补积分 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cashier %1</source>
        <translation>收银员 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>approved by %1</source>
        <translation>授权人 %1</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Refund %1 of sale %2</source>
        <translation>退款 %1（原销售单 %2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign-up bonus</source>
        <translation>开卡奖励</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Referral bonus</source>
        <translation>推荐奖励</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bonus</source>
        <translation>奖励</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adjusted: %1</source>
        <translation>调整：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Points expired</source>
        <translation>积分过期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Member codes revoked</source>
        <translation>会员码已作废</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Member codes reinstated</source>
        <translation>会员码已恢复有效</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Details changed</source>
        <translation>资料修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registered</source>
        <translation>注册入会</translation>
    </message>
</context>
<context>
    <name>MembersScreen</name>
    <message>
        <location filename="../screens/members.py" line="+41"/>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Phone, member number, or scan the member&apos;s code</source>
        <translation>手机号、会员号，或扫会员码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find a member</source>
        <translation>查找会员</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Type a phone number or member number and press Enter, or scan the member&apos;s code. %1 registers a new member.</source>
        <translation>输入手机号或会员号后按 Enter，或扫会员码。按 %1 登记新会员。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Find  Enter</source>
        <translation>查找  Enter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New member  %1</source>
        <translation>新会员  %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print card  %1</source>
        <translation>打印会员卡  %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Adjust points  %1</source>
        <translation>调整积分  %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit details  %1</source>
        <translation>修改资料  %1</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>Type a phone number or member number, or scan the member&apos;s code.</source>
        <translation>请输入手机号或会员号，或扫会员码。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Check the number, or press %1 to register a new member.</source>
        <translation>请核对号码，或按 %1 登记新会员。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type the mobile number again, or the member number (M…).</source>
        <translation>请重新输入手机号，或输入会员号（M…）。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Type the 11-digit mobile number again.</source>
        <translation>请重新输入 11 位手机号。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Registering…</source>
        <translation>正在登记…</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>Registered %1 with %2 welcome points. Press Enter to print the member card.</source>
        <translation>
            <numerusform>已登记 %1，赠送开卡积分 %2。按 Enter 打印会员卡。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Press Esc and look them up by this number instead.</source>
        <translation>请按 Esc，改用这个号码查找该会员。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Referrer: %1</source>
        <translation>推荐人：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Correct the referrer, or clear it to register without one.</source>
        <translation>请改正推荐人，或清空后不填推荐人登记。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No printer is set up, so the card cannot be printed. The owner sets one up in Settings.</source>
        <translation>未设置打印机，无法打印会员卡。请店主在“设置”中设置打印机。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Printing the member card…</source>
        <translation>正在打印会员卡…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Member card printed.</source>
        <translation>会员卡已打印。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The member card did not print: %1. Press %2 to print it again.</source>
        <translation>会员卡没有打印出来：%1。按 %2 重印。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Adjusting points (%1) needs a manager&apos;s or the owner&apos;s PIN.</source>
        <translation>调整积分（%1）需要店长或店主输入密码。</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>This member owes %1 points, so none can be taken away. Adding points pays the debt off first.</source>
        <translation>
            <numerusform>该会员欠 %1 积分，不能扣减积分。增加的积分会先抵还欠分。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>This member has %1 points, so %2 cannot be taken away.</source>
        <translation>
            <numerusform>该会员只有 %1 积分，不能扣减 %2 积分。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>Adjusted by %1 points. Balance now %2.</source>
        <translation>
            <numerusform>已调整 %1 积分。现有积分 %2。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Nothing was changed: correct the mobile number or the name, or press Esc.</source>
        <translation>未作修改：请更正手机号或姓名，或按 Esc 取消。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Editing a member&apos;s details needs a manager&apos;s or the owner&apos;s PIN.</source>
        <translation>修改会员资料需要店长或店主输入密码。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Details changed: %1.</source>
        <translation>资料已修改：%1。</translation>
    </message>
</context>
<context>
    <name>OfferField</name>
    <message numerus="yes">
        <location filename="../screens/gifts_actions.py" line="+97"/>
        <source>%1 · %2 (%3) · %4 points · %5 left</source>
        <translation>
            <numerusform>%1 · %2（%3）· %4 积分 · 剩 %5 个</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OtherActions</name>
    <message>
        <location line="-51"/>
        <source>Exchange number to cancel (F8) — Enter asks a manager</source>
        <translation>要取消的兑换单号（F8）—— 按 Enter 请店长授权</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Partner offer to claim a code of (F11): ↓ lists them — Enter claims</source>
        <translation>要领取兑换码的合作方活动（F11）：按 ↓ 列出 —— 按 Enter 领取</translation>
    </message>
</context>
<context>
    <name>OwnerPage</name>
    <message>
        <location filename="../first_run_pages.py" line="+109"/>
        <source>The owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your name and PIN. You log in with them, and only you can change settings.</source>
        <translation>您的姓名和密码。用它们登录，只有您可以修改设置。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN (4 to 12 digits)</source>
        <translation>密码（4 至 12 位数字）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The PIN again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Type your name (up to 32 characters).</source>
        <translation>请输入您的姓名（最多 32 个字）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A PIN is 4 to 12 digits. Type it again.</source>
        <translation>密码为 4 至 12 位数字，请重新输入。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The two PINs are not the same. Type the PIN again.</source>
        <translation>两次输入的密码不一致，请重新输入。</translation>
    </message>
</context>
<context>
    <name>PaperWidth</name>
    <message>
        <location filename="../screens/settings_printer.py" line="-38"/>
        <source>58 mm (32 characters a line)</source>
        <translation>58 毫米（每行 32 个字符）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>80 mm (48 characters a line)</source>
        <translation>80 毫米（每行 48 个字符）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Model %1</source>
        <translation>型号 %1</translation>
    </message>
</context>
<context>
    <name>PayPanel</name>
    <message>
        <location filename="../screens/checkout_pay.py" line="+157"/>
        <source>Points to redeem (F8) — Enter uses them</source>
        <translation>抵扣积分（F8）—— 按 Enter 使用</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cash  F9</source>
        <translation>现金  F9</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Card  F10</source>
        <translation>刷卡  F10</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Confirm payment (Enter)</source>
        <translation>确认收款（Enter）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Approver&apos;s PIN</source>
        <translation>授权人密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Approver&apos;s PIN — Enter approves</source>
        <translation>授权人密码 —— 按 Enter 授权</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>No member: no points</source>
        <translation>无会员：不积分</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Points earned: 0</source>
        <translation>本单积分：0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a line to see what the sale earns.</source>
        <translation>添加商品后可看到本单积分。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Points earned: %1</source>
        <translation>本单积分：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing in this sale earns points.</source>
        <translation>本单商品均不积分。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Points: %1 (−%2)</source>
        <translation>积分抵扣：%1（−%2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Total %1</source>
        <translation>合计 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Coupon %1: −%2 (Ctrl+F8 takes it off)</source>
        <translation>优惠券 %1：−%2（Ctrl+F8 取消）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coupon %1: %2 off from %3, %4 short (Ctrl+F8 takes it off)</source>
        <translation>优惠券 %1：满 %3 减 %2，还差 %4（Ctrl+F8 取消）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>To pay %1</source>
        <translation>应付 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Paid with %1 points</source>
        <translation>已用 %1 积分付清</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Paid %1 · %2</source>
        <translation>已收 %1 · %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Too large for one sale: a sale earns at most %1 points. Split it into smaller sales.</source>
        <translation>一笔太大：每单最多可得 %1 积分。请拆成几笔销售。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>In debt: no paying with points</source>
        <translation>欠分中：不能用积分抵扣</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Available: %1 points</source>
        <translation>
            <numerusform>可用积分：%1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>offline limit: %1 more today at this till</source>
        <translation>离线限额：今天本机还可抵扣 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>this sale: up to %1</source>
        <translation>本单最多：%1</translation>
    </message>
    <message>
        <location line="-24"/>
        <location line="+34"/>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location line="-131"/>
        <source>Points to redeem</source>
        <translation>抵扣积分</translation>
    </message>
    <message>
        <location line="+97"/>
        <location line="+34"/>
        <source>card</source>
        <translation>刷卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take %1 by %2? Enter to confirm, Esc to go back.</source>
        <translation>%2收款 %1？按 Enter 确认，按 Esc 返回。</translation>
    </message>
</context>
<context>
    <name>PrintNote</name>
    <message>
        <location filename="../screens/print_note.py" line="+120"/>
        <source>Receipt printed: the printer is back.</source>
        <translation>小票已打印：打印机已恢复。</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>Printing the receipt…</source>
        <translation>正在打印小票…</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+45"/>
        <source>Receipt printed.</source>
        <translation>小票已打印。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Printer: ready</source>
        <translation>打印机：就绪</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>The printer did not confirm the receipt: it may have printed — check the paper. If it did not, Ctrl+P prints it again, marked as a copy.</source>
        <translation>打印机没有确认小票：可能已经打印，请查看纸张。如果没有打印，按 Ctrl+P 再打一次（标为重印）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Printing what waited in the print queue…</source>
        <translation>正在打印打印队列中等待的小票…</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%n that waited in the print queue printed too.</source>
        <translation>
            <numerusform>打印队列中等待的 %n 张也已打印。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n still waiting in the print queue: %1. Ctrl+P prints them.</source>
        <translation>
            <numerusform>打印队列中还有 %n 张等待：%1。按 Ctrl+P 打印。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <location filename="../screens/settings_printer.py" line="+91"/>
        <source>Printer address</source>
        <translation>打印机地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For example %1 (network), win32://POS-80 (a printer installed in Windows, USB ones too), serial://COM3, usb://0416:5011 (Linux) or file:///C:/receipts.bin</source>
        <translation>例如 %1（网口）、win32://POS-80（Windows 里已装好驱动的打印机，USB 打印机也是）、serial://COM3、usb://0416:5011（Linux）或 file:///C:/receipts.bin</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Paper width</source>
        <translation>纸宽</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chinese characters</source>
        <translation>中文字库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receipt language</source>
        <translation>小票语言</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Test print</source>
        <translation>打印测试页(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printer st&amp;atus</source>
        <translation>打印机状态(&amp;A)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 — correct the address and try again.</source>
        <translation>%1 —— 请改正地址后重试。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Saved. Receipts print on %1.</source>
        <translation>已保存。小票将在 %1 上打印。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved. No printer: sales go on, and receipts can be printed later.</source>
        <translation>已保存。未设置打印机：照常收银，小票可稍后重印。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Type the printer&apos;s address first.</source>
        <translation>请先输入打印机地址。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Printing a test page…</source>
        <translation>正在打印测试页…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Asking the printer…</source>
        <translation>正在查询打印机…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The printer is ready.</source>
        <translation>打印机已就绪。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paper is running low — have a new roll ready.</source>
        <translation>纸快用完了 —— 请准备一卷新纸。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This printer does not say how it is; print a test page to check it.</source>
        <translation>这台打印机不报告自身状态；请打印测试页检查。</translation>
    </message>
</context>
<context>
    <name>PrinterSetupPage</name>
    <message>
        <location filename="../first_run_pages.py" line="+10"/>
        <source>The receipt printer</source>
        <translation>小票打印机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave the address empty if there is no printer yet: sales work without one.</source>
        <translation>如暂时没有打印机，地址留空即可：没有打印机也能收银。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Test print</source>
        <translation>打印测试页(&amp;T)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Printer address</source>
        <translation>打印机地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paper width</source>
        <translation>纸宽</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chinese characters</source>
        <translation>中文字库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receipt language</source>
        <translation>小票语言</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 — correct the address, or leave it empty.</source>
        <translation>%1 —— 请改正地址，或留空。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Type the printer&apos;s address first.</source>
        <translation>请先输入打印机地址。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Printing a test page…</source>
        <translation>正在打印测试页…</translation>
    </message>
</context>
<context>
    <name>PromotionsToday</name>
    <message>
        <location filename="../screens/checkout_promotions.py" line="+58"/>
        <source>Today&apos;s promotions: %1</source>
        <translation>今日促销：%1</translation>
    </message>
</context>
<context>
    <name>ReadyPage</name>
    <message>
        <location filename="../first_run_ledger.py" line="+14"/>
        <source>Ready</source>
        <translation>准备就绪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Press Finish to create the store. Nothing is saved until then.</source>
        <translation>按“完成”创建门店。在此之前不会保存任何内容。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Store: %1, till %2, time zone %3</source>
        <translation>门店：%1，终端 %2，时区 %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Owner: %1</source>
        <translation>店主：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printer: %1 (%2)</source>
        <translation>打印机：%1（%2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera: %1 (reader %2)</source>
        <translation>摄像头：%1（识码引擎 %2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ledger: %1</source>
        <translation>总账：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder: %1</source>
        <translation>数据文件夹：%1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Creating the store…</source>
        <translation>正在创建门店…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The store was not created: %1. Go Back to change it, then Finish again.</source>
        <translation>门店未创建：%1。请返回上一步修改，然后再按“完成”。</translation>
    </message>
</context>
<context>
    <name>ReceiptPreview</name>
    <message>
        <location filename="../widgets/receipt_preview.py" line="+56"/>
        <source>The receipt appears here after the sale.</source>
        <translation>结账后小票显示在这里。</translation>
    </message>
</context>
<context>
    <name>RefundsScreen</name>
    <message>
        <location filename="../screens/refunds.py" line="+36"/>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Sale number (e.g. 17 or T1-17), or scan the receipt&apos;s code</source>
        <translation>销售单号（如 17 或 T1-17），或扫小票上的码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sale number to refund</source>
        <translation>要退的销售单号</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lines of the sale to refund</source>
        <translation>要退的销售单商品行</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The sale&apos;s receipt did not print: %1. Press Ctrl+P to print it again.</source>
        <translation>本单小票没有打印出来：%1。按 Ctrl+P 重印。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No printer is set up, so the sale&apos;s receipt cannot be printed.</source>
        <translation>尚未设置打印机，无法打印本单小票。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Find  Enter</source>
        <translation>查找  Enter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All lines  %1</source>
        <translation>全部商品  %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund ticked lines  Enter</source>
        <translation>退勾选的商品  Enter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reprint the sale&apos;s receipt  %1</source>
        <translation>重印本单小票  %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print the refund receipt again  %1</source>
        <translation>重印退款小票  %1</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>That is a member&apos;s code: scan the receipt&apos;s code or type the sale number.</source>
        <translation>这是会员码：请扫小票上的码，或输入销售单号。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That is not a receipt&apos;s code: scan the code on the receipt or type the sale number.</source>
        <translation>这不是小票上的码：请扫小票上的码，或输入销售单号。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Type the sale number from the receipt, or scan the receipt&apos;s code.</source>
        <translation>请输入小票上的销售单号，或扫小票上的码。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Every line of sale %1 has been refunded already: there is nothing left to refund.</source>
        <translation>销售单 %1 的所有商品都已退款：没有可退的了。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Check the sale number on the receipt, or scan the receipt&apos;s code.</source>
        <translation>请核对小票上的销售单号，或扫小票上的码。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 paid by %2</source>
        <translation>%2支付 %1</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>, %1 points used</source>
        <translation>
            <numerusform>，使用 %1 积分</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>member %1</source>
        <translation>会员 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no member</source>
        <translation>无会员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sale %1 · %2 · cashier %3 · %4
Total %5: %6</source>
        <translation>销售单 %1 · %2 · 收银员 %3 · %4
合计 %5：%6</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>card</source>
        <translation>刷卡</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tick lines with Space, or %1 for all</source>
        <translation>按空格勾选商品，或按 %1 全选</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>To refund: %1 of goods (lines %2)</source>
        <translation>
            <numerusform>待退：商品金额 %1（第 %2 行）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Tick the lines to refund with Space, or press %1 for all of them.</source>
        <translation>请按空格勾选要退的商品，或按 %1 全选。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A refund of %1 needs a manager&apos;s or the owner&apos;s PIN.</source>
        <translation>退款 %1 需要店长或店主输入密码。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Refunding…</source>
        <translation>正在退款…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The lines are shown again as they are now; tick what is left to refund.</source>
        <translation>已按最新情况重新显示商品；请勾选还要退的商品。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Refund %1 recorded.</source>
        <translation>退款单 %1 已记账。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Give back %1 (%2).</source>
        <translation>请退还 %1（%2）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No money to give back: it was paid with points.</source>
        <translation>无需退钱：该单是用积分抵扣的。</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1 points returned to the member.</source>
        <translation>
            <numerusform>已退回会员 %1 积分。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 of them were already past their date: they expired at once.</source>
        <translation>
            <numerusform>其中 %1 积分已过期，即时失效。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 points earned on these goods taken back.</source>
        <translation>
            <numerusform>已扣回这些商品所得的 %1 积分。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Member balance now %1 points.</source>
        <translation>
            <numerusform>会员现有积分 %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>The member had already spent points that were taken back and now owes %1 points. They cannot pay with points until that is cleared.</source>
        <translation>
            <numerusform>被扣回的积分会员已经用掉了，现欠 %1 积分。还清前不能用积分抵扣。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No printer is set up, so no refund receipt was printed. The refund stands.</source>
        <translation>未设置打印机，没有打印退款小票。退款仍然有效。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Printing the refund receipt…</source>
        <translation>正在打印退款小票…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Refund receipt printed.</source>
        <translation>退款小票已打印。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The refund is recorded, but its receipt did not print: %1. Press %2 to print it again.</source>
        <translation>退款已记账，但小票没有打印出来：%1。按 %2 重印。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Find the sale first (its number, or scan its receipt), then press %1 to print its receipt again.</source>
        <translation>请先找到该单（输入销售单号或扫小票上的码），再按 %1 重印小票。</translation>
    </message>
</context>
<context>
    <name>RegisterForm</name>
    <message>
        <location filename="../screens/members_forms.py" line="-128"/>
        <source>Mobile number (11 digits)</source>
        <translation>手机号（11 位）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name (optional)</source>
        <translation>姓名（可选）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Referred by: phone, member number or scan (optional)</source>
        <translation>推荐人：手机号、会员号或扫码（可选）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Register  Enter</source>
        <translation>登记  Enter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Back  Esc</source>
        <translation>返回  Esc</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New member</source>
        <translation>新会员</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Referrer</source>
        <translation>推荐人</translation>
    </message>
</context>
<context>
    <name>RulesPage</name>
    <message>
        <location filename="../screens/settings_rules.py" line="+40"/>
        <source>Chec&amp;k</source>
        <translation>检查(&amp;K)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save the rules</source>
        <translation>保存规则(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo my changes</source>
        <translation>撤销我的修改(&amp;U)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>rules.toml (Ctrl+S saves):</source>
        <translation>rules.toml（Ctrl+S 保存）：</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>This terminal takes its rules from the ledger: change them there, and they arrive here with the next sync.</source>
        <translation>本机的积分规则来自总账：请在总账修改，下次同步时会传到这里。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Edit the rules, then Check or Save. A mistake is pointed out and nothing changes until the file is right.</source>
        <translation>修改规则后点“检查”或“保存”。有错误会指出来，文件改对之前不会有任何改动。</translation>
    </message>
    <message>
        <location line="+28"/>
        <location line="+4"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Rules in force: version %1</source>
        <translation>当前生效规则：版本 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points per yuan of purchase, by category: %1</source>
        <translation>各品类每消费 1 元所得积分：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%1 points pay ￥1; at most %2% of a bill in points</source>
        <translation>
            <numerusform>%1 积分抵 ￥1；积分最多抵扣账单的 %2%</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sign-up bonus %1, referral bonus %2</source>
        <translation>开卡奖励 %1，推荐奖励 %2</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <location line="+1"/>
        <source>%1 points</source>
        <translation>
            <numerusform>%1 积分</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tiers: %1</source>
        <translation>会员等级：%1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Promotions: %1</source>
        <translation>促销活动：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Promotions in force or to come:</source>
        <translation>生效中或即将开始的促销：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ended, no longer applied:</source>
        <translation>已结束（不再适用）：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 · on today</source>
        <translation>%1 · 今日适用</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The rules are correct.</source>
        <translation>规则正确。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>They are the rules in force.</source>
        <translation>这就是当前生效的规则。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save them to put them in force.</source>
        <translation>保存后即生效。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Checking and saving…</source>
        <translation>正在检查并保存…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Saved. These rules are in force from the next sale (version %1).</source>
        <translation>已保存。新规则从下一单起生效（版本 %1）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not saved: %1. Correct it and save again; the rules in force stay as they are.</source>
        <translation>未保存：%1。请改正后重新保存；当前生效的规则不变。</translation>
    </message>
</context>
<context>
    <name>SaleLinesTable</name>
    <message>
        <location filename="../screens/refunds_lines.py" line="+19"/>
        <source>Goods</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Refunded (%1)</source>
        <translation>已退款（%1）</translation>
    </message>
</context>
<context>
    <name>ScanFilter</name>
    <message>
        <location filename="../widgets/scan_filter.py" line="+164"/>
        <source>&apos;%1&apos; was typed too fast to tell from a scanner, so its Enter did nothing: it is back in the field — check it and press Enter.</source>
        <translation>“%1”输入太快，无法与扫码枪区分，这次 Enter 未生效：内容已放回输入栏——请核对后再按 Enter。</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <location filename="../screens/settings.py" line="+29"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Printer</source>
        <translation>打印机(&amp;P)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Camera</source>
        <translation>摄像头(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Ledger</source>
        <translation>总账(&amp;L)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lan&amp;guage &amp;&amp; text size</source>
        <translation>语言和字号(&amp;G)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Rules</source>
        <translation>积分规则(&amp;R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sta&amp;ff</source>
        <translation>员工(&amp;F)</translation>
    </message>
</context>
<context>
    <name>ShiftScreen</name>
    <message>
        <location filename="../screens/shift.py" line="+38"/>
        <source>Shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Open shift  %1</source>
        <translation>开班  %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close shift  %1</source>
        <translation>交班  %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close the day (Z)  %1</source>
        <translation>日结（Z 报表）  %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Yes  Enter</source>
        <translation>确定  Enter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back  Esc</source>
        <translation>返回  Esc</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Your shift is not open. Press %1 to open it.</source>
        <translation>您还没有开班。按 %1 开班。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Print Z%1 again  %2</source>
        <translation>重印 Z%1 日结报表  %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The last Z, Z%1, is held nowhere any more: this store was restored from a backup made before it, and the ledger since from one made before it took it (jifen journal verify says what to do). The next Z is Z%2.</source>
        <translation>上一个日结 Z%1 已无处可寻：本店从它之前的备份恢复，而总账此后也从接收它之前的备份恢复（jifen journal verify 会说明处理办法）。下一个日结为 Z%2。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The last Z, Z%1, is held by the ledger only: this store was restored from a backup made before it. The next Z is Z%2.</source>
        <translation>上一个日结 Z%1 只在总账中：本店从它之前的备份恢复。下一个日结为 Z%2。</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Shift opened.</source>
        <translation>已开班。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>A sale of %1 is open at the checkout: take payment or clear it (F1) before closing your shift.</source>
        <translation>“收银”界面还有一笔 %1 的销售未完成：请先收款或清空本单（F1），再交班。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close your shift now? Its totals are recorded and a new shift starts from zero.</source>
        <translation>现在交班吗？本班合计将被记录，新班次从零开始。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1&apos;s shift is closed: the drawer should hold %2 in cash. Log in to start the next shift.</source>
        <translation>%1 已交班：钱箱应有现金 %2。请登录开始下一班。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>A sale of %1 is open at the checkout: take payment or clear it (F1) before closing the day.</source>
        <translation>“收银”界面还有一笔 %1 的销售未完成：请先收款或清空本单（F1），再日结。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close the day? Z%1, the record of everything since the last Z, is written and its report printed. This cannot be undone.</source>
        <translation>现在日结吗？将生成 Z%1（自上次日结以来的全部记录）并打印其报表。此操作不可撤销。</translation>
    </message>
    <message>
        <location line="-142"/>
        <source>So far this shift, from %1:</source>
        <translation>本班至今（自 %1 起）：</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Your shift has been open since %1.</source>
        <translation>您的班次从 %1 开始。</translation>
    </message>
    <message>
        <location line="+131"/>
        <source>Your shift&apos;s totals, %1 to %2:</source>
        <translation>本班合计（%1 至 %2）：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Shift closed. Count the drawer against the cash below.</source>
        <translation>已交班。请按下面的现金金额清点钱箱。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Shifts still open: %1.</source>
        <translation>尚未交班：%1。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Closing the day needs a manager&apos;s or the owner&apos;s PIN.</source>
        <translation>日结需要店长或店主输入密码。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Closing the day…</source>
        <translation>正在日结…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Z%1 · %2 · entries %3 to %4</source>
        <translation>Z%1 · %2 · 流水 %3 至 %4</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Entries written from %1 to %2</source>
        <translation>记录时间 %1 至 %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Day closed: Z%1 is written.</source>
        <translation>已日结：Z%1 已生成。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No printer is set up, so the Z report was not printed. The Z record is kept all the same.</source>
        <translation>未设置打印机，日结报表没有打印。Z 记录照常保存。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Day closed: Z%1 is written and its report printed.</source>
        <translation>已日结：Z%1 已生成，报表已打印。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The Z%1 report printed again.</source>
        <translation>Z%1 日结报表已重印。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The Z record is written, but its report did not print: %1. Press %2 to print it again.</source>
        <translation>Z 记录已生成，但报表没有打印出来：%1。按 %2 重印。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>There is no Z report to print yet: the day has never been closed here.</source>
        <translation>还没有日结报表可打印：本机尚未日结过。</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <location filename="../screens/settings_staff.py" line="+44"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+112"/>
        <source>&amp;Deactivate</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <location line="-110"/>
        <source>Change r&amp;ole</source>
        <translation>更改角色(&amp;O)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Set the new PIN</source>
        <translation>设置新密码(&amp;S)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Your PIN now</source>
        <translation>您现在的密码(&amp;Y)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ne&amp;w PIN</source>
        <translation>新密码(&amp;W)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add someone</source>
        <translation>添加员工</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Na&amp;me</source>
        <translation>姓名(&amp;M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rol&amp;e</source>
        <translation>角色(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P&amp;IN (4 to 12 digits)</source>
        <translation>密码（4 到 12 位数字）(&amp;I)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <location line="+28"/>
        <source> · locked out %1×</source>
        <translation> · 被锁定 %1 次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Locked out until %1</source>
        <translation>锁定至 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active</source>
        <translation>在职</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Last locked out %1, at the login</source>
        <translation>最近一次锁定：%1，在登录界面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last locked out %1, by PINs typed while %2 was logged in</source>
        <translation>最近一次锁定：%1，由 %2 登录时输入的密码所致</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Reac&amp;tivate</source>
        <translation>恢复在职(&amp;T)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New PIN</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your new PIN</source>
        <translation>您的新密码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New PIN for %1</source>
        <translation>%1 的新密码</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1 is unlocked and can log in again.</source>
        <translation>%1 已解锁，可以重新登录。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 can log in again at this till with their PIN.</source>
        <translation>%1 已在本机恢复在职，可用原密码登录。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 can no longer log in or approve at this till; their past sales keep their name. Each till keeps its own staff: deactivate them at the shop&apos;s other tills too.</source>
        <translation>%1 已在本机停用，不能再在本机登录或授权；以往的销售仍记在其名下。每台终端各有自己的员工名单：请在本店其他终端上也停用此人。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The new PIN of %1 works at this till from now on.</source>
        <translation>%1 在本机的新密码即刻生效。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 is added (%2) at this till and can log in here now.</source>
        <translation>已在本机添加 %1（%2），现在即可在本机登录。</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>%1&apos;s shift was closed: the drawer should hold %2 in cash.</source>
        <translation>%1 的班次已代为交班：钱箱应有现金 %2。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 is now: %2.</source>
        <translation>%1 现在是%2。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Type your PIN now first, then the new one.</source>
        <translation>请先输入您现在的密码，再输入新密码。</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../app.py" line="-189"/>
        <source>Paper low — have a new roll ready.</source>
        <translation>纸快用完了——请准备新纸卷。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The printer is connected; it does not report its state.</source>
        <translation>打印机已连接，但不报告自身状态。</translation>
    </message>
    <message>
        <location filename="../context.py" line="+158"/>
        <source>Today&apos;s automatic backup was not made (disk full, or the backups folder read-only? Details are in the log). Sales go on.</source>
        <translation>今日自动备份未能完成（磁盘已满，或备份文件夹只读？详情见日志）。销售照常进行。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Today&apos;s automatic backup was not made (disk full, or the backups folder read-only? Details are in %1). Sales go on.</source>
        <translation>今日自动备份未能完成（磁盘已满，或备份文件夹只读？详情见 %1）。销售照常进行。</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="+74"/>
        <source>Printer: checking…</source>
        <translation>打印机：检查中…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera: off</source>
        <translation>摄像头：已关闭</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>%n waiting to print</source>
        <translation>
            <numerusform>%n 张待打印</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>Connecting to the ledger… · %n entries to send</source>
        <translation>
            <numerusform>正在连接总账… · %n 条待上传</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Standalone (no ledger)</source>
        <translation>单机（未连总账）</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n entries waiting</source>
        <translation>
            <numerusform>%n 条待上传</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-2"/>
        <source>Online · %n entries to send</source>
        <translation>
            <numerusform>在线 · %n 条待上传</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Offline · %n entries waiting · sales go on</source>
        <translation>
            <numerusform>离线 · %n 条待上传 · 照常收银</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n phones with two members at the ledger: see the Dashboard (F5)</source>
        <translation>
            <numerusform>总账中有 %n 个手机号对应两个会员：请查看经营概况（F5）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app.py" line="-8"/>
        <location filename="../screens/unconfirmed_receipts.py" line="+117"/>
        <source>Printer: ready</source>
        <translation>打印机：就绪</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Printer: paper low</source>
        <translation>打印机：纸快用完了</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Printer: not answering</source>
        <translation>打印机：无响应</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The printer takes the connection but does not answer when asked how it is: check it (power, paper, cover).</source>
        <translation>打印机能连上，但询问其状态时没有回应：请检查电源、纸张和机盖。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Printer: connected</source>
        <translation>打印机：已连接</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>No printer set up</source>
        <translation>未设置打印机</translation>
    </message>
    <message>
        <location filename="../rules_watch.py" line="+62"/>
        <source>The points rules changed (rules.toml): version %1 applies from the next sale.</source>
        <translation>积分规则已更改（rules.toml）：版本 %1 从下一笔销售起生效。</translation>
    </message>
</context>
<context>
    <name>StorePage</name>
    <message>
        <location filename="../first_run_pages.py" line="-133"/>
        <source>Your store</source>
        <translation>您的门店</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name on receipts, this till&apos;s number, and the store&apos;s time zone.</source>
        <translation>小票上的店名、本终端编号和门店所在时区。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. 静安店</source>
        <translation>例如：静安店</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Store name</source>
        <translation>店名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Till number</source>
        <translation>终端编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Type the store&apos;s name, as customers should see it on receipts.</source>
        <translation>请输入店名，即顾客在小票上看到的名称。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A till number is 1 to 32 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, such as T1.</source>
        <translation>终端编号为 1 至 32 个字母、数字、“.”、“_”或“-”，例如 T1。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 — choose one from the list, such as Asia/Shanghai.</source>
        <translation>%1 —— 请从列表中选择，例如 Asia/Shanghai。</translation>
    </message>
</context>
<context>
    <name>SyncHealth</name>
    <message>
        <location filename="../screens/dashboard_overview.py" line="+38"/>
        <source>Sync with the ledger</source>
        <translation>与总账同步</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noted</source>
        <translation>知道了</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entries waiting to be sent</source>
        <translation>待上传记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last successful sync</source>
        <translation>上次同步成功</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last problem</source>
        <translation>最近一次问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phones with two members</source>
        <translation>手机号重复的会员</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Standalone: this terminal keeps its own books (no ledger)</source>
        <translation>单机：本机独立记账（未连总账）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline — sales go on; entries wait and are sent later</source>
        <translation>离线 —— 照常收银；记录稍后上传</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>SyncWords</name>
    <message>
        <location filename="../sync_words.py" line="+12"/>
        <source>Journal broken at entry %1 · nothing is sent · call the owner</source>
        <translation>流水在第 %1 条处被破坏 · 停止同步 · 请联系店主</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Ledger cannot store anything now: its database is full · tell the ledger&apos;s operator</source>
        <translation>总账现在无法存储任何记录：其数据库已满 · 请告知总账管理员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ledger cannot store anything now: its database takes no writes (read-only disk or standby server) · tell the ledger&apos;s operator</source>
        <translation>总账现在无法存储任何记录：其数据库不接受写入（磁盘只读或为备用服务器） · 请告知总账管理员</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ledger busy: its database did not answer in time · sales go on; sent at the next sync</source>
        <translation>总账繁忙：其数据库未及时应答 · 照常收银，下次同步时发送</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ledger cannot store anything now: its database is unavailable · tell the ledger&apos;s operator</source>
        <translation>总账现在无法存储任何记录：其数据库无法使用 · 请告知总账管理员</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ledger reached, but it failed (error %1) · tell the ledger&apos;s operator</source>
        <translation>已连接总账，但总账出错（错误 %1） · 请告知总账管理员</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ledger revoked this terminal: sales since the last sync are not sent · tell the ledger&apos;s owner</source>
        <translation>总账已吊销本终端：上次同步后的销售不会发送 · 请告知总账管理员</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ledger refused this till&apos;s token: what it holds is unknown · connect with a new token</source>
        <translation>总账拒绝了本机的令牌：总账所存情况不明 · 请用新令牌重新连接</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ledger refused: %1</source>
        <translation>总账拒绝：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sync stopped: see Settings › Ledger</source>
        <translation>同步已停止：请查看 设置 › 总账</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Ledger&apos;s rules need a newer jifen: upgrade this till</source>
        <translation>总账的规则需要更新版本的 jifen：请升级本机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The ledger&apos;s rules need a newer jifen: upgrade this till; it keeps its current rules until then (%1)</source>
        <translation>总账的规则需要更新版本的 jifen：请升级本机；在此之前本机沿用现行规则（%1）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sync failing: this till&apos;s database is locked by another program</source>
        <translation>同步失败：本机数据库被其他程序锁定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sync failing: the disk holding this till&apos;s database is full</source>
        <translation>同步失败：本机数据库所在的磁盘已满</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sync failing: this till&apos;s database cannot be read or written (disk error or damaged file)</source>
        <translation>同步失败：无法读写本机数据库（磁盘错误或文件损坏）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sync failing: an unexpected error, details in the log</source>
        <translation>同步失败：出现意外错误，详情见日志</translation>
    </message>
</context>
<context>
    <name>TestPage</name>
    <message>
        <location filename="../screens/settings_printer.py" line="-131"/>
        <source>The test page printed. Check that the text and the QR code are clear.</source>
        <translation>测试页已打印。请检查文字和二维码是否清晰。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The test page printed. Check that the Chinese and the QR code are clear.</source>
        <translation>测试页已打印。请检查中文和二维码是否清晰。</translation>
    </message>
</context>
<context>
    <name>TextSizeChoice</name>
    <message>
        <location filename="../screens/settings_text_size.py" line="+13"/>
        <source>Usual (100%)</source>
        <translation>标准（100%）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bigger (%1%)</source>
        <translation>放大（%1%）</translation>
    </message>
</context>
<context>
    <name>TotalsView</name>
    <message>
        <location filename="../screens/shift_totals.py" line="+19"/>
        <source>Sales</source>
        <translation>销售笔数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gross sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Card</source>
        <translation>刷卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid with points</source>
        <translation>积分抵扣</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunds</source>
        <translation>退款笔数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunded</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunded in cash</source>
        <translation>现金退款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunded to card</source>
        <translation>刷卡退款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gift top-ups, cash</source>
        <translation>礼品加价（现金）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gift top-ups, card</source>
        <translation>礼品加价（刷卡）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash in drawer (with gift top-ups, less refunded in cash)</source>
        <translation>钱箱现金（含礼品加价，减现金退款）</translation>
    </message>
    <message numerus="yes">
        <location line="+50"/>
        <source>%1, %2 points</source>
        <translation>
            <numerusform>%1，%2 积分</numerusform>
        </translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Points redeemed</source>
        <translation>抵扣积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points restored</source>
        <translation>退款退回积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points taken back</source>
        <translation>退款扣回积分</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+27"/>
        <source>Points outstanding</source>
        <translation>会员持有积分</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>%1 sales</source>
        <translation>
            <numerusform>%1 笔</numerusform>
        </translation>
    </message>
    <message>
        <location line="-48"/>
        <source>Points earned</source>
        <translation>获得积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points given to paid sales</source>
        <translation>补积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bonus points</source>
        <translation>奖励积分</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Points adjusted</source>
        <translation>调整积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points expired</source>
        <translation>过期积分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New members</source>
        <translation>新会员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Members served</source>
        <translation>服务会员</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This terminal&apos;s net points (given or given back here less used, taken or expired here)</source>
        <translation>本机积分累计净增减（本机发放及退回－使用、扣除及过期）</translation>
    </message>
</context>
<context>
    <name>UnconfirmedReceipts</name>
    <message numerus="yes">
        <location filename="../status_bar.py" line="-120"/>
        <source>The printer never confirmed %n of today&apos;s receipts: they may not have printed. Click here or press %1 to see them, then print each again (as a copy) or say it printed.</source>
        <translation>
            <numerusform>今天有 %n 张小票打印机未确认：可能没有打出来。点这里或按 %1 查看，没打出的逐张重印（标为重印），已打出的确认一下。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n receipts not confirmed</source>
        <translation>
            <numerusform>%n 张小票未确认</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnconfirmedReceiptsDialog</name>
    <message>
        <location filename="../screens/unconfirmed_receipts.py" line="-82"/>
        <location line="+22"/>
        <source>Receipts the printer did not confirm</source>
        <translation>打印机未确认的小票</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>The printer took these receipts today but never confirmed them: look for each on the paper. Found: %2. Not there: %1 prints it again, marked as a copy.</source>
        <translation>这些是今天打印机收到但没有确认的小票：请逐张在打出的纸上找。找到了：按 %2。没找到：按 %1 重印（小票上会印“重印”）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Print again as a copy  %1</source>
        <translation>重印  %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It printed  %1</source>
        <translation>已打出  %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close  Esc</source>
        <translation>关闭  Esc</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Receipt no.</source>
        <translation>单号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Printing a copy of %1…</source>
        <translation>正在重印 %1……</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>A copy of %1 printed.</source>
        <translation>%1 已重印。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The printer did not confirm the copy of %1 either: look for it on the paper.</source>
        <translation>打印机仍未确认 %1 的重印：请在纸上找一下。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The copy of %1 did not print: %2. It waits in the print queue and prints once the printer is back.</source>
        <translation>%1 没有重印出来：%2。它留在打印队列里，打印机恢复后会自动打出。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 printed, as you found it on the paper.</source>
        <translation>%1 已确认打出。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The printer confirmed every receipt printed today: there is nothing to check.</source>
        <translation>今天打印的小票打印机都已确认，没有要查看的。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (refund)</source>
        <translation>%1（退款）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no member</source>
        <translation>无会员</translation>
    </message>
</context>
<context>
    <name>WhoApproves</name>
    <message>
        <location filename="../widgets/approval.py" line="-125"/>
        <source>Who approves (↑ ↓ to choose):</source>
        <translation>授权人（↑ ↓ 选择）：</translation>
    </message>
</context>
<context>
    <name>screen</name>
    <message>
        <location filename="../selftest_steps.py" line="+303"/>
        <source>Refund receipt printed.</source>
        <translation>退款小票已打印。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Day closed: Z%1 is written and its report printed.</source>
        <translation>已日结：Z%1 已生成，报表已打印。</translation>
    </message>
</context>
</TS>
