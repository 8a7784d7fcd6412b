package dev.trader.adapters.live;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket server on 127.0.0.1 that completes the upgrade handshake (RFC 6455 section 4.2.2) and then never reads
 * or writes again: it answers no ping and sends nothing, like a venue whose connection died silently.
 */
final class SilentServer implements AutoCloseable
{
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    final AtomicInteger handshakes = new AtomicInteger();

    SilentServer() throws Exception
    {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(this::acceptLoop, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String wsUrl(final String path)
    {
        return "ws://127.0.0.1:" + server.getLocalPort() + path;
    }

    private void acceptLoop()
    {
        while (!server.isClosed())
        {
            try
            {
                final Socket s = server.accept();
                sockets.add(s);
                final InputStream in = s.getInputStream();
                final ByteArrayOutputStream head = new ByteArrayOutputStream();
                int state = 0;
                while (state < 4 && head.size() < 16_384)
                {
                    final int b = in.read();
                    if (b < 0)
                    {
                        break;
                    }
                    head.write(b);
                    state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
                }
                final Matcher m = KEY.matcher(head.toString(StandardCharsets.ISO_8859_1));
                if (!m.find())
                {
                    s.close();
                    continue;
                }
                final String accept = Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-1").digest((m.group(1) + GUID).getBytes(StandardCharsets.ISO_8859_1)));
                final OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                handshakes.incrementAndGet();
            }
            catch (final Exception ex)
            {
                if (server.isClosed())
                {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws Exception
    {
        server.close();
        for (final Socket s : sockets)
        {
            s.close();
        }
        acceptor.join(5_000);
    }
}
