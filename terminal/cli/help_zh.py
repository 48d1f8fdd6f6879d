"""The Chinese of every description and option help of `jifen` (argparse's own words are in
terminal.argparse_zh). A command or option added without its Chinese fails tests/terminal/test_cli_help_zh.py."""

from terminal.mall.catalog import DEFAULT_COUPON_DAYS

HELP_ZH: dict[str, str] = {
    # every command
    "jifen points terminal (积分收银终端)": "积分收银终端（jifen）",
    "the terminal's data folder (else $JIFEN_HOME)": "终端的数据文件夹（未给出时取 $JIFEN_HOME）",
    "print one JSON object": "输出一个 JSON 对象",
    "who does it (PIN from $JIFEN_PIN)": "操作人（PIN 取自 $JIFEN_PIN）",
    "manager approving it (PIN from $JIFEN_APPROVER_PIN)": "授权的店长或店主（PIN 取自 $JIFEN_APPROVER_PIN）",
    "drive one full checkout in the app offscreen; exit 0 when it works (on its own, without a command)":
        "在不显示窗口的程序中完整走一遍收银，正常时以 0 退出（单独使用，不带命令）",
    # the commands and groups
    "create the store in the home folder (owner PIN from $JIFEN_NEW_PIN)":
        "在数据文件夹中创建门店数据（店主 PIN 取自 $JIFEN_NEW_PIN）",
    "cashiers and their roles": "收银员及其角色",
    "members": "会员",
    "record a sale": "记录一笔销售",
    "refund a sale, or some of its lines": "退掉一笔销售，或其中几行",
    "add or take points by hand (manager or owner)": "手工增减积分（店长或店主）",
    "give a paid sale the member whose card was shown after paying (补积分); a sale of an earlier day, up to 7 back, "
    "needs a manager": "为已付款的销售补登付款后才出示会员卡的会员（补积分）；以前营业日（最多 7 天前）的销售需店长授权",
    "expire every lot due by now": "让所有已到期的积分过期",
    "totals": "汇总报表",
    "the business day": "营业日",
    "shifts": "班次",
    "the hash-chained journal": "哈希链流水",
    "copy the store to FILE (safe while the terminal runs)": "把门店数据复制到 FILE（终端运行时也可安全进行）",
    "write a zip for the vendor's support: a summary and the logs, without the store's data, keys or token (owner or "
    "manager)": "生成发给供应商技术支持的 zip：摘要和日志，不含门店数据、密钥和令牌（店主或店长）",
    "replace the store with a backup (the current one is kept in backups/)": "用备份替换门店数据（现有数据保留在 backups/ 中）",
    "the rule set": "积分规则",
    "the points mall: gifts and coupons for points": "积分商城：用积分兑换礼品和优惠券",
    "coupons for points": "用积分兑换的优惠券",
    "print a receipt (of a sale, refund, gift exchange, its cancel or a coupon, by its id, or a scanned receipt code), "
    "or 'receipt verify TEXT'":
        "打印小票（销售、退款、礼品兑换及其撤销或优惠券的小票，按编号或扫到的小票码），或“receipt verify TEXT”",
    "print reports and cards; the print queue": "打印报表和会员卡；打印队列",
    "the receipt printer": "小票打印机",
    "read a member code from an image or a camera": "从图片或摄像头读取会员码",
    "member codes: revoking them, the deny list": "会员码：作废与黑名单",
    "signing keys": "签名密钥",
    "the central ledger": "总账",
    "send pending entries to the ledger and take its changes": "把待发送的记录发往总账，并取回总账的更新",
    "start the app on a fresh demo store (jifen demo --help)": "以全新的演示门店启动程序（见 jifen demo --help）",
    # cashier
    "add a cashier at this till (new PIN from $JIFEN_NEW_PIN)": "在本机添加收银员（新 PIN 取自 $JIFEN_NEW_PIN）",
    "the staff: role, and whether locked out or deactivated": "员工：角色，以及是否被锁定或停用",
    "change NAME's PIN (new PIN from $JIFEN_NEW_PIN): your own, with your PIN now; a manager a cashier's, "
    "an owner anyone's (this till only)":
        "修改 NAME 的 PIN（新 PIN 取自 $JIFEN_NEW_PIN）：改自己的须用现在的 PIN；店长可改收银员的，"
        "店主可改任何人的（仅限本机）",
    "let someone locked out after 5 wrong PINs log in again (manager: cashiers)":
        "让连续输错 5 次 PIN 而被锁定的人重新登录（店长：限收银员）",
    "someone who has left can no longer log in or approve at this till; their sales keep their name (manager: "
    "cashiers)":
        "已离职的人不能再在本机登录或授权；其销售仍保留其姓名（店长：限收银员）",
    "let someone deactivated log in again (manager: cashiers)": "让已停用的人重新登录（店长：限收银员）",
    "change someone's role (owner only)": "修改某人的角色（仅限店主）",
    "their role": "角色：cashier（收银员）、manager（店长）或 owner（店主）",
    # member, sale
    "register a member": "登记会员",
    "show one member": "查看一位会员",
    "correct a member's phone or name (manager or owner)": "更正会员的手机号或姓名（店长或店主）",
    "the member's new phone number": "会员的新手机号",
    "the member's name as it should be": "会员的正确姓名",
    "remove the member's name": "删除会员的姓名",
    "import members from the old system's CSV file (owner only): columns 手机号/phone, 姓名/name, 积分/points; all or "
    "nothing, no signup bonus": "从旧会员系统的 CSV 文件导入会员（仅限店主）：列为 手机号/phone、姓名/name、积分/points；"
                                "全部导入或全不导入，不送注册积分",
    "write every member to a CSV file for Excel (owner only): 手机号, 姓名, 积分余额 and more; member import takes it "
    "back": "把全部会员写入可用 Excel 打开的 CSV 文件（仅限店主）：手机号、姓名、积分余额等；可用 member import 导回",
    "check the file and say what would be imported, writing nothing": "只检查文件并说明将导入什么，不写入任何数据",
    "write the member's QR code as a PNG image": "把会员码保存为 PNG 图片",
    "take a coupon off this sale": "在这笔销售中使用一张优惠券",
    "how it is paid (default cash)": "付款方式：cash（现金）或 card（刷卡、银行卡），默认 cash",
    # report, day, shift, journal, restore, rules
    "day totals for this store": "本店当日汇总",
    "show a Z record": "查看一份日结记录",
    "close the day: write the next Z record": "日结：写入下一份日结记录",
    "open your shift": "开班",
    "close your shift and show its totals": "交班并显示本班汇总",
    "check the store file, the hash chain and the members' balances": "检查门店数据文件、哈希链和会员积分余额",
    "restore over a damaged or missing store without asking the ledger how far it holds this terminal's entries "
    "(sync before the next sale)":
        "在门店数据损坏或丢失时恢复，不向总账查询它已收到本终端的哪些记录（下一笔销售前请先同步）",
    "validate a rules file (default: the store's rules.toml)": "检查规则文件（默认：门店的 rules.toml）",
    "show the rules in force": "显示当前生效的规则",
    # gift, coupon
    "add a gift (or with --coupon a coupon) to the catalog of a shop without a ledger (manager or owner)":
        "向未连接总账的门店的目录添加礼品（加 --coupon 则为优惠券）（店长或店主）",
    "change an item of the local catalog (manager or owner)": "修改本店目录中的一项（店长或店主）",
    "the gifts members can take now (--all: every item)": "会员现在可兑换的礼品（--all：全部）",
    "exchange a member's points for a gift": "用会员的积分兑换礼品",
    "cancel today's gift exchange (or an unused coupon issued here): points and stock go back (manager's approval)":
        "撤销今天的礼品兑换（或本机发出且未使用的优惠券）：积分和库存退回（需店长授权）",
    "take back an unused coupon issued here: its points and stock go back, it can no longer be used (manager's approval)":
        "收回本机发出且未使用的优惠券：积分和库存退回，该券作废（需店长授权）",
    "a coupon for points rather than a gift": "用积分兑换的是优惠券，不是礼品",
    "money paid on top of the points, in yuan (9.90)": "积分之外另付的钱，单位元（如 9.90）",
    "this store's stock (default: no limit)": "本店库存（默认：不限）",
    "times a member may take it a day": "每位会员每天可兑换的次数",
    "times a member may take it in all": "每位会员总共可兑换的次数",
    "only members of these tiers (default: all)": "只限这些等级的会员（默认：全部）",
    "a coupon's money off, in yuan": "优惠券减免的金额，单位元",
    "a coupon's minimum spend, in yuan": "优惠券的最低消费，单位元",
    f"a coupon's validity (default {DEFAULT_COUPON_DAYS})": f"优惠券的有效天数（默认 {DEFAULT_COUPON_DAYS}）",
    "drop the per-day and per-member limits": "取消每天和每位会员的兑换次数限制",
    "drop the time window": "取消兑换时段",
    "also items not available now": "也列出现在不能兑换的",
    "the coupons instead of the gifts": "列出优惠券，而不是礼品",
    "gifts and coupons": "礼品和优惠券",
    "how the top-up is paid (default cash)": "另付的钱的付款方式：cash（现金）或 card（刷卡、银行卡），默认 cash",
    "exchange a member's points for a coupon of the catalog": "用会员的积分兑换目录中的优惠券",
    "check a coupon: its value, its owner, whether it is still good": "查询优惠券：面值、所属会员、是否仍然有效",
    "record a sale with a coupon taken off (same options as sale)": "记录一笔使用优惠券的销售（选项同 sale）",
    # receipt, print, printer
    "with 'verify': the text of the receipt's QR code": "与 verify 一起：小票码的文字",
    "print here instead of the printer in config.toml": "打印到这里，而不是 config.toml 中的打印机",
    "write a picture of the paper instead of printing": "不打印，把纸面保存为图片",
    "show the text instead of printing": "不打印，显示文字",
    "printer profile: 58mm, 80mm or a model (default from config.toml)":
        "打印机配置：58mm、80mm 或某个型号（默认取自 config.toml）",
    "language on paper (default from config.toml)": "打印的语言（默认取自 config.toml）",
    "print the day totals": "打印当日汇总",
    "print a Z report": "打印日结报表",
    "print a member card": "打印会员卡",
    "show the jobs waiting to print, and why": "显示等待打印的任务及原因",
    "print the waiting jobs again (or one job)": "重新打印等待中的任务（或其中一个）",
    "print this code instead of issuing the member a new one": "打印这个会员码，而不为会员签发新码",
    "the latest jobs, printed ones too": "最近的任务，包括已打印的",
    "print a test page": "打印测试页",
    "ask the printer how it is (paper, cover, online)": "查询打印机的状态（纸张、盖子、是否在线）",
    # scan, code, key
    "a camera's index (0 for camera 1, 1 for camera 2, …) or file:PATH (image, folder, video)":
        "摄像头的序号（0 为第 1 个摄像头，1 为第 2 个，…）或 file:PATH（图片、文件夹、视频）",
    "give up on a camera after this long": "摄像头读取超过这么久就放弃",
    "zxing (the default) or pyzbar": "zxing（默认）或 pyzbar",
    "revoke a member's codes: all issued so far, or one code and those before it (manager or owner)":
        "作废会员的会员码：迄今签发的全部，或某一个码及其之前的（店长或店主）",
    "accept a member's revoked codes again: given the member, all; given a found card's code, that card's "
    "revocation only (manager or owner)":
        "重新接受会员已作废的会员码：给出会员则全部恢复；给出找回的卡上的码则只恢复这张卡（店长或店主）",
    "list the deny list: revoked member codes and terminal keys, revoked here or at the ledger":
        "列出黑名单：在本店或总账作废的会员码和终端密钥",
    "claim a partner's redemption code (兑换码) for a member's points; needs the ledger online":
        "用会员积分领取合作方兑换码；需连接总账",
    "trust this certificate authority": "信任这个证书颁发机构",
    "this terminal's public key, the keys it trusts for member codes (whose, where the ledger says) and the keys "
    "revoked":
        "本终端的公钥、它信任的会员码密钥（属于谁，以总账为准）以及已作废的密钥",
    "revoke a terminal's key or its store's signing key: every member code signed with it is refused "
    "(manager or owner)":
        "作废某终端的密钥或其门店的签名密钥：用它签发的会员码一律拒收（店长或店主）",
    "accept a revoked terminal key's member codes again (manager or owner)":
        "重新接受某个已作废的终端密钥签发的会员码（店长或店主）",
    "the public key, 64 hex digits, as 'jifen key show' lists it": "公钥，64 位十六进制数字，即 jifen key show 列出的",
    "the terminal's public key, 64 hex digits": "终端的公钥，64 位十六进制数字",
    # ledger
    "point this terminal at a ledger (asks for its token, or reads $JIFEN_LEDGER_TOKEN; owner)":
        "把本终端连接到总账（会询问本终端的令牌，或取自环境变量 JIFEN_LEDGER_TOKEN；限店主）",
    "trust this certificate authority (a ledger with a private TLS certificate); kept with the store for every "
    "later sync":
        "信任这个证书颁发机构（总账使用私有 TLS 证书时）；与门店数据一起保存，以后每次同步都用它",
    "let the ledger's catalog replace gifts this shop added itself that the ledger lacks":
        "允许总账的目录替换本店自建而总账中没有的礼品",
    "only show the sync state": "只显示同步状态",
    "trust this certificate authority instead of the one kept at connect": "信任这个证书颁发机构，而不是连接时保存的那个",
}
