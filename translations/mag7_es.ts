<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>mag7::widgets::DeskStatusBar</name>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="29"/>
        <source>STARTING</source>
        <translation>INICIANDO</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="31"/>
        <source>CATCHING UP</source>
        <translation>RECUPERANDO</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="33"/>
        <source>LIVE</source>
        <translation>EN VIVO</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="35"/>
        <source>PAUSED</source>
        <translation>EN PAUSA</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="37"/>
        <source>STALLED</source>
        <translation>DETENIDO</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="39"/>
        <source>STOPPED</source>
        <translation>PARADO</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="41"/>
        <source>FAILED</source>
        <translation>FALLO</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="50"/>
        <source>Closed</source>
        <translation>Cerrado</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="52"/>
        <source>Pre-market</source>
        <translation>Preapertura</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="54"/>
        <source>Regular session</source>
        <translation>Sesión regular</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="56"/>
        <source>After hours</source>
        <translation>Fuera de horario</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="82"/>
        <source>Market data source and state; speed is virtual seconds per second</source>
        <translation>Fuente y estado de los datos de mercado; la velocidad es en segundos virtuales por segundo</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="83"/>
        <source>Market clock (US/Eastern)</source>
        <translation>Reloj del mercado (US/Eastern)</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="84"/>
        <source>Ticks received per second</source>
        <translation>Ticks recibidos por segundo</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="85"/>
        <source>Tick recording into the day&apos;s SQLite file</source>
        <translation>Grabación de ticks en el archivo SQLite del día</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="120"/>
        <source> · futures open</source>
        <translation> · futuros abiertos</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="129"/>
        <source>REC error</source>
        <translation>Error de REC</translation>
    </message>
    <message>
        <location filename="../widgets/deskstatusbar.cpp" line="138"/>
        <source>REC off</source>
        <translation>REC apagado</translation>
    </message>
</context>
<context>
    <name>mag7::widgets::MainWindow</name>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="35"/>
        <source>Log</source>
        <translation>Registro</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="39"/>
        <source>Mag7 Desk</source>
        <translation>Mag7 Desk</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="45"/>
        <source>Quotes</source>
        <translation>Cotizaciones</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="77"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="78"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="81"/>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="84"/>
        <source>&amp;Reset layout</source>
        <translation>&amp;Restablecer diseño</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="87"/>
        <source>&amp;Market</source>
        <translation>&amp;Mercado</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="88"/>
        <source>&amp;Pause simulation</source>
        <translation>&amp;Pausar simulación</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="97"/>
        <source>&amp;Speed</source>
        <translation>&amp;Velocidad</translation>
    </message>
    <message>
        <source>&amp;Workspace</source>
        <translation>&amp;Espacio de trabajo</translation>
    </message>
    <message>
        <source>New desk &amp;window</source>
        <translation>Nueva &amp;ventana</translation>
    </message>
    <message>
        <source>&amp;Close window</source>
        <translation>&amp;Cerrar ventana</translation>
    </message>
    <message>
        <source>&amp;New panel</source>
        <translation>&amp;Nuevo panel</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>&amp;Paneles</translation>
    </message>
    <message>
        <source>Save workspace &amp;as…</source>
        <translation>Guardar espacio de trabajo &amp;como…</translation>
    </message>
    <message>
        <source>&amp;Open workspace</source>
        <translation>&amp;Abrir espacio de trabajo</translation>
    </message>
    <message>
        <source>&amp;Delete workspace</source>
        <translation>&amp;Eliminar espacio de trabajo</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>Mover a</translation>
    </message>
    <message>
        <source>New %1 panel</source>
        <translation>Nuevo panel: %1</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>Desacoplar</translation>
    </message>
    <message>
        <source>Dock</source>
        <translation>Acoplar</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Mag7 Desk %1</source>
        <translation>Mag7 Desk %1</translation>
    </message>
    <message>
        <source>&amp;Pause replay</source>
        <translation>&amp;Pausar reproducción</translation>
    </message>
</context>
<context>
    <name>mag7::widgets::QuoteBoardModel</name>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="234"/>
        <source>Symbol</source>
        <translation>Símbolo</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="236"/>
        <source>Last</source>
        <translation>Último</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="238"/>
        <source>Chg</source>
        <translation>Var.</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="240"/>
        <source>Chg %</source>
        <translation>Var. %</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="242"/>
        <source>Bid</source>
        <translation>Compra</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="244"/>
        <source>Ask</source>
        <translation>Venta</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="246"/>
        <source>Bid Sz</source>
        <translation>Tam. compra</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="248"/>
        <source>Ask Sz</source>
        <translation>Tam. venta</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="250"/>
        <source>Volume</source>
        <translation>Volumen</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="252"/>
        <source>RVol</source>
        <translation>VolRel</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="254"/>
        <source>ATM IV</source>
        <translation>IV ATM</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="256"/>
        <source>IV Rank</source>
        <translation>Rango IV</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="258"/>
        <source>IV Pctl</source>
        <translation>Pctl IV</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="260"/>
        <source>Open</source>
        <translation>Apertura</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="262"/>
        <source>High</source>
        <translation>Máximo</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="264"/>
        <source>Low</source>
        <translation>Mínimo</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="266"/>
        <source>Prev Close</source>
        <translation>Cierre ant.</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="277"/>
        <source>Last trade price (mid before the first trade)</source>
        <translation>Precio de la última operación (punto medio antes de la primera operación)</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="279"/>
        <source>Last − previous regular-session close</source>
        <translation>Último − cierre de la sesión regular anterior</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="281"/>
        <source>(Last − previous close) / previous close</source>
        <translation>(Último − cierre anterior) / cierre anterior</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="283"/>
        <source>Shares (contracts for futures) traded this trading date, extended hours included</source>
        <translation>Acciones (contratos en futuros) negociadas en esta fecha de negociación, incluido el horario extendido</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="286"/>
        <source>Relative volume = volume so far ÷ average volume by this time of day over the last 20 sessions</source>
        <translation>Volumen relativo = volumen hasta ahora ÷ volumen medio hasta esta hora en las últimas 20 sesiones</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="289"/>
        <source>30-day constant-maturity at-the-money implied volatility: IV of the ATM call and put of the expiries around 30 days, total variance interpolated to 30 days</source>
        <translation>Volatilidad implícita at-the-money a 30 días de vencimiento constante: IV de la call y la put ATM de los vencimientos cercanos a 30 días, varianza total interpolada a 30 días</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="292"/>
        <source>IV rank = (IV − min 52w) / (max 52w − min 52w) × 100</source>
        <translation>Rango IV = (IV − mín 52s) / (máx 52s − mín 52s) × 100</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="294"/>
        <source>IV percentile = share of the last 252 days with IV below today&apos;s × 100</source>
        <translation>Percentil IV = proporción de los últimos 252 días con IV inferior a la de hoy × 100</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="298"/>
        <source>Regular session (09:30–16:00 ET)</source>
        <translation>Sesión regular (09:30–16:00 ET)</translation>
    </message>
    <message>
        <location filename="../widgets/quoteboardmodel.cpp" line="300"/>
        <source>Last trade of the previous regular session</source>
        <translation>Última operación de la sesión regular anterior</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Quotes</source>
        <translation>Cotizaciones</translation>
    </message>
    <message>
        <source>Chain</source>
        <translation>Cadena</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Gráfico</translation>
    </message>
    <message>
        <source>Analyze</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>Volatility</source>
        <translation>Volatilidad</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Escáner</translation>
    </message>
    <message>
        <source>Playbooks</source>
        <translation>Playbooks</translation>
    </message>
    <message>
        <source>Greeks</source>
        <translation>Griegas</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Registro</translation>
    </message>
</context>
</TS>
