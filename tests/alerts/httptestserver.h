#pragma once
// A minimal HTTP/1.1 server on 127.0.0.1 for the webhook tests: records every request (method,
// path, headers, body, arrival time) and answers from a script of responses, then with the
// fallback. Each response closes its connection. With `answer` false it accepts and never
// answers (timeouts).

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

#include <memory>

namespace mag7::alerts::testing {

struct HttpResponse {
    int status = 200;
    QByteArray reason = "OK";
    QList<QPair<QByteArray, QByteArray>> headers;
};

struct HttpRequest {
    QByteArray method;
    QByteArray path;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    qint64 receivedMs = 0; // since the server started
};

class HttpTestServer {
public:
    HttpTestServer()
    {
        m_clock.start();
        QObject::connect(&m_server, &QTcpServer::newConnection, [this]() {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QUrl url(const QString &path = QStringLiteral("/hook")) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path));
    }

    QList<HttpResponse> script;
    HttpResponse fallback;
    bool answer = true;
    QList<HttpRequest> requests;

private:
    void serve(QTcpSocket *socket)
    {
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer]() {
            buffer->append(socket->readAll());
            const qsizetype headerEnd = buffer->indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            HttpRequest request;
            const QList<QByteArray> lines = buffer->left(headerEnd).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            request.path = first.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                           lines[i].mid(colon + 1).trimmed());
            }
            const qsizetype length = request.headers.value("content-length", "0").toLongLong();
            if (buffer->size() < headerEnd + 4 + length)
                return;
            request.body = buffer->mid(headerEnd + 4, length);
            request.receivedMs = m_clock.elapsed();
            buffer->clear();
            requests.append(request);
            if (!answer)
                return;
            const HttpResponse response = script.isEmpty() ? fallback : script.takeFirst();
            QByteArray text = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
                              response.reason + "\r\nContent-Length: 0\r\nConnection: close\r\n";
            for (const auto &[name, value] : response.headers)
                text += name + ": " + value + "\r\n";
            text += "\r\n";
            socket->write(text);
            socket->disconnectFromHost();
        });
    }

    QTcpServer m_server;
    QElapsedTimer m_clock;
};

} // namespace mag7::alerts::testing
