<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CheckoutScreen</name>
    <message numerus="yes">
        <location filename="../screens/checkout.py" line="+491"/>
        <source>Sale %1: %2 points to member %3 (balance %4).</source>
        <translation>
            <numerusform>Sale %1: %2 point to member %3 (balance %4).</numerusform>
            <numerusform>Sale %1: %2 points to member %3 (balance %4).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Referral bonus: %1 points each to the member and their referrer.</source>
        <translation>
            <numerusform>Referral bonus: %1 point each to the member and their referrer.</numerusform>
            <numerusform>Referral bonus: %1 points each to the member and their referrer.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+180"/>
        <source>Paying %1 with %2 points.</source>
        <translation>
            <numerusform>Paying %1 with %2 point.</numerusform>
            <numerusform>Paying %1 with %2 points.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>This sale still uses %1 points.</source>
        <translation>
            <numerusform>This sale still uses %1 point.</numerusform>
            <numerusform>This sale still uses %1 points.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>This member owes %1 points and cannot pay with points until that is cleared.</source>
        <translation>
            <numerusform>This member owes %1 point and cannot pay with points until that is cleared.</numerusform>
            <numerusform>This member owes %1 points and cannot pay with points until that is cleared.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>The member has %1 points, not %2 — use at most %3.</source>
        <translation>
            <numerusform>The member has %1 point, not %2 — use at most %3.</numerusform>
            <numerusform>The member has %1 points, not %2 — use at most %3.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Offline, this member can redeem %1 more points at this till today — use at most %2.</source>
        <translation>
            <numerusform>Offline, this member can redeem %1 more point at this till today — use at most %2.</numerusform>
            <numerusform>Offline, this member can redeem %1 more points at this till today — use at most %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>This sale can take at most %1 points — use fewer, or add the lines first.</source>
        <translation>
            <numerusform>This sale can take at most %1 point — use fewer, or add the lines first.</numerusform>
            <numerusform>This sale can take at most %1 points — use fewer, or add the lines first.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+198"/>
        <source>Balance now %1 points</source>
        <translation>
            <numerusform>Balance now %1 point</numerusform>
            <numerusform>Balance now %1 points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>Earned %1 points, balance %2.</source>
        <translation>
            <numerusform>Earned %1 point, balance %2.</numerusform>
            <numerusform>Earned %1 points, balance %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardMall</name>
    <message numerus="yes">
        <location filename="../screens/dashboard_mall.py" line="+125"/>
        <source>%n items are running low: order more or take them off sale.</source>
        <translation>
            <numerusform>%n item is running low: order more or take it off sale.</numerusform>
            <numerusform>%n items are running low: order more or take them off sale.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardOverview</name>
    <message numerus="yes">
        <location filename="../screens/dashboard_overview.py" line="+141"/>
        <source>%1 points (worth %2)</source>
        <translation>
            <numerusform>%1 point (worth %2)</numerusform>
            <numerusform>%1 points (worth %2)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message numerus="yes">
        <location filename="../screens/dashboard.py" line="+306"/>
        <source>Every cashier at every terminal of the business, as the ledger has them. %n entries of this terminal still wait to be sent and are not counted yet.</source>
        <translation>
            <numerusform>Every cashier at every terminal of the business, as the ledger has them. %n entry of this terminal still waits to be sent and is not counted yet.</numerusform>
            <numerusform>Every cashier at every terminal of the business, as the ledger has them. %n entries of this terminal still wait to be sent and are not counted yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-2"/>
        <source>Every terminal of the business, as the ledger has them. %n entries of this terminal still wait to be sent and are not counted yet.</source>
        <translation>
            <numerusform>Every terminal of the business, as the ledger has them. %n entry of this terminal still waits to be sent and is not counted yet.</numerusform>
            <numerusform>Every terminal of the business, as the ledger has them. %n entries of this terminal still wait to be sent and are not counted yet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GiftTable</name>
    <message numerus="yes">
        <location filename="../screens/gifts_list.py" line="+72"/>
        <source>Coupon: %1 off a spend of %2 or more, good for %3 days</source>
        <translation>
            <numerusform>Coupon: %1 off a spend of %2 or more, good for %3 day</numerusform>
            <numerusform>Coupon: %1 off a spend of %2 or more, good for %3 days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%1 points</source>
        <translation>
            <numerusform>%1 point</numerusform>
            <numerusform>%1 points</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GiftWords</name>
    <message numerus="yes">
        <location filename="../screens/gifts_words.py" line="+17"/>
        <source>%1 points</source>
        <translation>
            <numerusform>%1 point</numerusform>
            <numerusform>%1 points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Exchange %1: %2 for %3 points.</source>
        <translation>
            <numerusform>Exchange %1: %2 for %3 point.</numerusform>
            <numerusform>Exchange %1: %2 for %3 points.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <location line="+15"/>
        <source>Balance now %1 points.</source>
        <translation>
            <numerusform>Balance now %1 point.</numerusform>
            <numerusform>Balance now %1 points.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-11"/>
        <source>Coupon %1 issued: %2 off a spend of %3 or more, until %4. Balance now %5 points.</source>
        <translation>
            <numerusform>Coupon %1 issued: %2 off a spend of %3 or more, until %4. Balance now %5 point.</numerusform>
            <numerusform>Coupon %1 issued: %2 off a spend of %3 or more, until %4. Balance now %5 points.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Exchange %1 cancelled: %2 points back to the member, the gift back in stock.</source>
        <translation>
            <numerusform>Exchange %1 cancelled: %2 point back to the member, the gift back in stock.</numerusform>
            <numerusform>Exchange %1 cancelled: %2 points back to the member, the gift back in stock.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Code for %1: %2 (%3 points). Write it down for the member or let them photograph it. Balance now %4 points.</source>
        <translation>
            <numerusform>Code for %1: %2 (%3 points). Write it down for the member or let them photograph it. Balance now %4 point.</numerusform>
            <numerusform>Code for %1: %2 (%3 points). Write it down for the member or let them photograph it. Balance now %4 points.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MemberPanel</name>
    <message numerus="yes">
        <location filename="../screens/checkout_member.py" line="+271"/>
        <source>%1 · %2 points</source>
        <translation>
            <numerusform>%1 · %2 point</numerusform>
            <numerusform>%1 · %2 points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Owes %1 points: cannot pay with points until that is cleared</source>
        <translation>
            <numerusform>Owes %1 point: cannot pay with points until that is cleared</numerusform>
            <numerusform>Owes %1 points: cannot pay with points until that is cleared</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%1 points expire tonight: today is the last day to use them</source>
        <translation>
            <numerusform>%1 point expires tonight: today is the last day to use it</numerusform>
            <numerusform>%1 points expire tonight: today is the last day to use them</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 points expire on %2</source>
        <translation>
            <numerusform>%1 point expires on %2</numerusform>
            <numerusform>%1 points expire on %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/members_panel.py" line="+54"/>
        <source>Balance: %1 points</source>
        <translation>
            <numerusform>Balance: %1 point</numerusform>
            <numerusform>Balance: %1 points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Owes %1 points: a refund took back points the member had already spent. They cannot pay with points until the debt is cleared by new points or an adjustment.</source>
        <translation>
            <numerusform>Owes %1 point: a refund took back points the member had already spent. They cannot pay with points until the debt is cleared by new points or an adjustment.</numerusform>
            <numerusform>Owes %1 points: a refund took back points the member had already spent. They cannot pay with points until the debt is cleared by new points or an adjustment.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Next expiry: %1 points on %2</source>
        <translation>
            <numerusform>Next expiry: %1 point on %2</numerusform>
            <numerusform>Next expiry: %1 points on %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MembersScreen</name>
    <message numerus="yes">
        <location filename="../screens/members.py" line="+240"/>
        <source>Registered %1 with %2 welcome points. Press Enter to print the member card.</source>
        <translation>
            <numerusform>Registered %1 with %2 welcome point. Press Enter to print the member card.</numerusform>
            <numerusform>Registered %1 with %2 welcome points. Press Enter to print the member card.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+89"/>
        <source>This member owes %1 points, so none can be taken away. Adding points pays the debt off first.</source>
        <translation>
            <numerusform>This member owes %1 point, so none can be taken away. Adding points pays the debt off first.</numerusform>
            <numerusform>This member owes %1 points, so none can be taken away. Adding points pays the debt off first.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>This member has %1 points, so %2 cannot be taken away.</source>
        <translation>
            <numerusform>This member has %1 point, so %2 cannot be taken away.</numerusform>
            <numerusform>This member has %1 points, so %2 cannot be taken away.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>Adjusted by %1 points. Balance now %2.</source>
        <translation>
            <numerusform>Adjusted by %1 point. Balance now %2.</numerusform>
            <numerusform>Adjusted by %1 points. Balance now %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OfferField</name>
    <message numerus="yes">
        <location filename="../screens/gifts_actions.py" line="+130"/>
        <source>%1 · %2 (%3) · %4 points · %5 left</source>
        <translation>
            <numerusform>%1 · %2 (%3) · %4 point · %5 left</numerusform>
            <numerusform>%1 · %2 (%3) · %4 points · %5 left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PayPanel</name>
    <message numerus="yes">
        <location filename="../screens/checkout_pay.py" line="+273"/>
        <source>Available: %1 points</source>
        <translation>
            <numerusform>Available: %1 point</numerusform>
            <numerusform>Available: %1 points</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PrintNote</name>
    <message numerus="yes">
        <location filename="../screens/print_note.py" line="+112"/>
        <source>%n that waited in the print queue printed too.</source>
        <translation>
            <numerusform>%n receipt that waited in the print queue printed too.</numerusform>
            <numerusform>%n receipts that waited in the print queue printed too.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n still waiting in the print queue: %1. Ctrl+P prints them.</source>
        <translation>
            <numerusform>%n still waiting in the print queue: %1. Ctrl+P prints it.</numerusform>
            <numerusform>%n still waiting in the print queue: %1. Ctrl+P prints them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RefundsScreen</name>
    <message numerus="yes">
        <location filename="../screens/refunds.py" line="+205"/>
        <source>, %1 points used</source>
        <translation>
            <numerusform>, %1 point used</numerusform>
            <numerusform>, %1 points used</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>To refund: %1 of goods (lines %2)</source>
        <translation>
            <numerusform>To refund: %1 of goods (line %2)</numerusform>
            <numerusform>To refund: %1 of goods (lines %2)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+65"/>
        <source>%1 points returned to the member.</source>
        <translation>
            <numerusform>%1 point returned to the member.</numerusform>
            <numerusform>%1 points returned to the member.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 of them were already past their date: they expired at once.</source>
        <translation>
            <numerusform>%1 of them was already past its date: it expired at once.</numerusform>
            <numerusform>%1 of them were already past their date: they expired at once.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 points earned on these goods taken back.</source>
        <translation>
            <numerusform>%1 point earned on these goods taken back.</numerusform>
            <numerusform>%1 points earned on these goods taken back.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Member balance now %1 points.</source>
        <translation>
            <numerusform>Member balance now %1 point.</numerusform>
            <numerusform>Member balance now %1 points.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>The member had already spent points that were taken back and now owes %1 points. They cannot pay with points until that is cleared.</source>
        <translation>
            <numerusform>The member had already spent points that were taken back and now owes %1 point. They cannot pay with points until that is cleared.</numerusform>
            <numerusform>The member had already spent points that were taken back and now owes %1 points. They cannot pay with points until that is cleared.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RulesPage</name>
    <message numerus="yes">
        <location filename="../screens/settings_rules.py" line="+92"/>
        <source>%1 points pay ￥1; at most %2% of a bill in points</source>
        <translation>
            <numerusform>%1 point pays ￥1; at most %2% of a bill in points</numerusform>
            <numerusform>%1 points pay ￥1; at most %2% of a bill in points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <location line="+1"/>
        <source>%1 points</source>
        <translation>
            <numerusform>%1 point</numerusform>
            <numerusform>%1 points</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message numerus="yes">
        <location filename="../status_bar.py" line="+92"/>
        <source>%n waiting to print</source>
        <translation>
            <numerusform>%n waiting to print</numerusform>
            <numerusform>%n waiting to print</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>Connecting to the ledger… · %n entries to send</source>
        <translation>
            <numerusform>Connecting to the ledger… · %n entry to send</numerusform>
            <numerusform>Connecting to the ledger… · %n entries to send</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Online · %n entries to send</source>
        <translation>
            <numerusform>Online · %n entry to send</numerusform>
            <numerusform>Online · %n entries to send</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n entries waiting</source>
        <translation>
            <numerusform>%n entry waiting</numerusform>
            <numerusform>%n entries waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Offline · %n entries waiting · sales go on</source>
        <translation>
            <numerusform>Offline · %n entry waiting · sales go on</numerusform>
            <numerusform>Offline · %n entries waiting · sales go on</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n phones with two members at the ledger: see the Dashboard (F5)</source>
        <translation>
            <numerusform>%n phone with two members at the ledger: see the Dashboard (F5)</numerusform>
            <numerusform>%n phones with two members at the ledger: see the Dashboard (F5)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TotalsView</name>
    <message numerus="yes">
        <location filename="../screens/shift_totals.py" line="+79"/>
        <source>%1 sales</source>
        <translation>
            <numerusform>%1 sale</numerusform>
            <numerusform>%1 sales</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%1, %2 points</source>
        <translation>
            <numerusform>%1, %2 point</numerusform>
            <numerusform>%1, %2 points</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnconfirmedReceipts</name>
    <message numerus="yes">
        <location filename="../status_bar.py" line="-120"/>
        <source>The printer never confirmed %n of today&apos;s receipts: they may not have printed. Click here or press %1 to see them, then print each again (as a copy) or say it printed.</source>
        <translation>
            <numerusform>The printer never confirmed %n of today&apos;s receipts: it may not have printed. Click here or press %1 to see it, then print it again (as a copy) or say it printed.</numerusform>
            <numerusform>The printer never confirmed %n of today&apos;s receipts: they may not have printed. Click here or press %1 to see them, then print each again (as a copy) or say it printed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n receipts not confirmed</source>
        <translation>
            <numerusform>%n receipt not confirmed</numerusform>
            <numerusform>%n receipts not confirmed</numerusform>
        </translation>
    </message>
</context>
</TS>
