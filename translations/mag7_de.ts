<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>mag7::widgets::DeskStatusBar</name>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="29"/>
        <source>STARTING</source>
        <translation>START</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="31"/>
        <source>CATCHING UP</source>
        <translation>HOLT AUF</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="33"/>
        <source>LIVE</source>
        <translation>LIVE</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="35"/>
        <source>PAUSED</source>
        <translation>PAUSE</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="37"/>
        <source>STALLED</source>
        <translation>STOCKT</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="39"/>
        <source>STOPPED</source>
        <translation>GESTOPPT</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="41"/>
        <source>FAILED</source>
        <translation>FEHLER</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="50"/>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="52"/>
        <source>Pre-market</source>
        <translation>Vorbörse</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="54"/>
        <source>Regular session</source>
        <translation>Reguläre Sitzung</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="56"/>
        <source>After hours</source>
        <translation>Nachbörse</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="82"/>
        <source>Market data source and state; speed is virtual seconds per second</source>
        <translation>Marktdatenquelle und Status; Tempo in virtuellen Sekunden pro Sekunde</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="83"/>
        <source>Market clock (US/Eastern)</source>
        <translation>Marktuhr (US/Eastern)</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="84"/>
        <source>Ticks received per second</source>
        <translation>Empfangene Ticks pro Sekunde</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="85"/>
        <source>Tick recording into the day&apos;s SQLite file</source>
        <translation>Tick-Aufzeichnung in die SQLite-Datei des Tages</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="120"/>
        <source> · futures open</source>
        <translation> · Futures offen</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="129"/>
        <source>REC error</source>
        <translation>REC-Fehler</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="138"/>
        <source>REC off</source>
        <translation>REC aus</translation>
    </message>
</context>
<context>
    <name>mag7::widgets::MainWindow</name>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="35"/>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="39"/>
        <source>Mag7 Desk</source>
        <translation>Mag7 Desk</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="45"/>
        <source>Quotes</source>
        <translation>Kurse</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="77"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="78"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="81"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="84"/>
        <source>&amp;Reset layout</source>
        <translation>Layout &amp;zurücksetzen</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="87"/>
        <source>&amp;Market</source>
        <translation>&amp;Markt</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="88"/>
        <source>&amp;Pause simulation</source>
        <translation>Simulation &amp;anhalten</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="97"/>
        <source>&amp;Speed</source>
        <translation>&amp;Tempo</translation>
    </message>
    <message>
        <source>&amp;Workspace</source>
        <translation>A&amp;rbeitsbereich</translation>
    </message>
    <message>
        <source>New desk &amp;window</source>
        <translation>Neues Desk-&amp;Fenster</translation>
    </message>
    <message>
        <source>&amp;Close window</source>
        <translation>Fenster &amp;schließen</translation>
    </message>
    <message>
        <source>&amp;New panel</source>
        <translation>&amp;Neues Panel</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>&amp;Panels</translation>
    </message>
    <message>
        <source>Save workspace &amp;as…</source>
        <translation>Arbeitsbereich speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Open workspace</source>
        <translation>Arbeitsbereich ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Delete workspace</source>
        <translation>Arbeitsbereich &amp;löschen</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>Verschieben nach</translation>
    </message>
    <message>
        <source>New %1 panel</source>
        <translation>Neues Panel: %1</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>Abdocken</translation>
    </message>
    <message>
        <source>Dock</source>
        <translation>Andocken</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Mag7 Desk %1</source>
        <translation>Mag7 Desk %1</translation>
    </message>
    <message>
        <source>&amp;Pause replay</source>
        <translation>Wiedergabe &amp;anhalten</translation>
    </message>
</context>
<context>
    <name>mag7::widgets::QuoteBoardModel</name>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="234"/>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="236"/>
        <source>Last</source>
        <translation>Letzter</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="238"/>
        <source>Chg</source>
        <translation>Änd.</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="240"/>
        <source>Chg %</source>
        <translation>Änd. %</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="242"/>
        <source>Bid</source>
        <translation>Geld</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="244"/>
        <source>Ask</source>
        <translation>Brief</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="246"/>
        <source>Bid Sz</source>
        <translation>Geld Stk.</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="248"/>
        <source>Ask Sz</source>
        <translation>Brief Stk.</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="250"/>
        <source>Volume</source>
        <translation>Volumen</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="252"/>
        <source>RVol</source>
        <translation>RVol</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="254"/>
        <source>ATM IV</source>
        <translation>ATM-IV</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="256"/>
        <source>IV Rank</source>
        <translation>IV-Rang</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="258"/>
        <source>IV Pctl</source>
        <translation>IV-Perz.</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="260"/>
        <source>Open</source>
        <translation>Eröffnung</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="262"/>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="264"/>
        <source>Low</source>
        <translation>Tief</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="266"/>
        <source>Prev Close</source>
        <translation>Vortag</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="277"/>
        <source>Last trade price (mid before the first trade)</source>
        <translation>Letzter Handelspreis (Mitte vor dem ersten Handel)</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="279"/>
        <source>Last − previous regular-session close</source>
        <translation>Letzter − Schluss der vorherigen regulären Sitzung</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="281"/>
        <source>(Last − previous close) / previous close</source>
        <translation>(Letzter − Vortagesschluss) / Vortagesschluss</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="283"/>
        <source>Shares (contracts for futures) traded this trading date, extended hours included</source>
        <translation>An diesem Handelstag gehandelte Aktien (bei Futures Kontrakte), einschließlich vor- und nachbörslich</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="286"/>
        <source>Relative volume = volume so far ÷ average volume by this time of day over the last 20 sessions</source>
        <translation>Relatives Volumen = bisheriges Volumen ÷ durchschnittliches Volumen bis zu dieser Uhrzeit in den letzten 20 Sitzungen</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="289"/>
        <source>30-day constant-maturity at-the-money implied volatility: IV of the ATM call and put of the expiries around 30 days, total variance interpolated to 30 days</source>
        <translation>Implizite At-the-money-Volatilität mit konstanter Laufzeit von 30 Tagen: IV von ATM-Call und -Put der Verfälle um 30 Tage, Gesamtvarianz auf 30 Tage interpoliert</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="292"/>
        <source>IV rank = (IV − min 52w) / (max 52w − min 52w) × 100</source>
        <translation>IV-Rang = (IV − Min 52W) / (Max 52W − Min 52W) × 100</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="294"/>
        <source>IV percentile = share of the last 252 days with IV below today&apos;s × 100</source>
        <translation>IV-Perzentil = Anteil der letzten 252 Tage mit IV unter der heutigen × 100</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="298"/>
        <source>Regular session (09:30–16:00 ET)</source>
        <translation>Reguläre Sitzung (09:30–16:00 ET)</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="300"/>
        <source>Last trade of the previous regular session</source>
        <translation>Letzter Handel der vorherigen regulären Sitzung</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Quotes</source>
        <translation>Kurse</translation>
    </message>
    <message>
        <source>Chain</source>
        <translation>Kette</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Chart</translation>
    </message>
    <message>
        <source>Analyze</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Volatility</source>
        <translation>Volatilität</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Playbooks</source>
        <translation>Playbooks</translation>
    </message>
    <message>
        <source>Greeks</source>
        <translation>Griechen</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
</context>
</TS>
