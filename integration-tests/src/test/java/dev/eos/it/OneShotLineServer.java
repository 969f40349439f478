package dev.eos.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP server that sends its lines once, to the first client, when told to, and never again: a source that
 * cannot replay, like a log shipper. Later clients (a restarted receiver) are accepted and get nothing.
 */
final class OneShotLineServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile int sent;

    OneShotLineServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    clients.add(server.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        }, "one-shot-line-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String host() {
        return server.getInetAddress().getHostAddress();
    }

    /** Clients accepted so far. */
    int connections() {
        return clients.size();
    }

    /** Lines sent so far, over all clients. */
    int sent() {
        return sent;
    }

    /** Sends the lines to the first client, once; a second call fails. */
    synchronized void sendOnce(List<String> lines) throws IOException {
        if (sent > 0) {
            throw new IllegalStateException("this server never sends twice");
        }
        OutputStream out = clients.get(0).getOutputStream();
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        sent = lines.size();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
