package org.jamesmsa.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A test server on a free loopback port, one thread per connection, serving each as its subclass says. */
abstract class LoopbackServer implements AutoCloseable {
    private final ServerSocket listener;
    private final ExecutorService sessions = Executors.newCachedThreadPool();

    LoopbackServer() throws IOException {
        listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        sessions.submit(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** One connection, from the greeting to the end; the socket is the subclass's to close. */
    abstract void serve(Socket socket);

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                sessions.submit(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sessions.shutdownNow();
    }
}
