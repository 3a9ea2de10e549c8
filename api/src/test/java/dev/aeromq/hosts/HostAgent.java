package dev.aeromq.hosts;

import dev.aeromq.Communicator;
import dev.aeromq.Config;
import dev.aeromq.Message;
import dev.aeromq.PeerLostException;
import dev.aeromq.PubSocket;
import dev.aeromq.ReceivingSocket;
import dev.aeromq.RepSocket;
import dev.aeromq.ReqSocket;
import dev.aeromq.SendingSocket;
import dev.aeromq.Socket;
import dev.aeromq.SocketType;
import dev.aeromq.SubSocket;
import org.agrona.DirectBuffer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;

/**
 * A program run on a test host ({@code dev.aeromq.testkit.hosts}): one Communicator with its own
 * embedded media driver, driven by commands on standard input, one per line, each answered on
 * standard output by a result line or {@code ERROR <why>}. Messages carry a sequence number in their
 * first frame and a checksummed payload in the second, so the test can count what arrived, and
 * whether whole and once. A command ending in {@code &} runs meanwhile (its result line comes when it
 * is done), so a host can send while it is asked for its peer count.
 */
public final class HostAgent
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Communicator comm;
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();

    private HostAgent(final Communicator comm)
    {
        this.comm = comm;
    }

    /**
     * @param args none.
     * @throws Exception if standard input fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final Config.Builder builder = Config.builder()
            .maxMessageSize(1L << 30)
            .receiveHighWaterMarkBytes(256L << 20)
            .linger(Duration.ofSeconds(2));
        if (args.length == 2 && args[0].equals("--external"))
        {
            builder.externalDriver(true).aeronDirectory(args[1]);
        }
        final Config config = builder.build();
        try (Communicator comm = Communicator.open(config);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
        {
            final HostAgent agent = new HostAgent(comm);
            System.out.println("READY");
            String line;
            while ((line = in.readLine()) != null && !line.equals("exit"))
            {
                final String command = line.strip();
                if (command.endsWith("&"))
                {
                    // runs meanwhile; its result line comes when it is done
                    Thread.ofVirtual().start(() -> agent.runAndPrint(command.substring(0, command.length() - 1)));
                }
                else
                {
                    agent.runAndPrint(command);
                }
            }
        }
    }

    private void runAndPrint(final String command)
    {
        String result;
        try
        {
            result = run(command.strip().split(" +"));
        }
        catch (final RuntimeException ex)
        {
            result = "ERROR " + command + ": " + ex;
        }
        synchronized (System.out)
        {
            System.out.println(result);
        }
    }

    private String run(final String[] words)
    {
        return switch (words[0])
        {
            case "bind" -> "BOUND " + words[1] + " " + socket(words).bind(words[3]).endpoint();
            case "connect" -> connect(words);
            case "await" -> "PEERS " + words[1] + " " +
                sockets.get(words[1]).awaitPeers(Integer.parseInt(words[2]), WAIT).peerCount();
            case "peers" -> "PEERS " + words[1] + " " + sockets.get(words[1]).peerCount();
            case "serve" -> serve(words[1], words[2]);
            case "request" -> request(words[1], Integer.parseInt(words[2]), Integer.parseInt(words[3]),
                words.length > 4 ? Integer.parseInt(words[4]) : 0);
            case "send" -> send(words[1], Integer.parseInt(words[2]), Integer.parseInt(words[3]),
                words.length > 4 ? Integer.parseInt(words[4]) : 0);
            case "drain" -> drain(words[1], Duration.ofSeconds(Long.parseLong(words[2])),
                Duration.ofSeconds(Long.parseLong(words[3])));
            case "subscribe" -> subscribe(words[1], words[2]);
            case "publish" -> publish(words[1], words[2], Integer.parseInt(words[3]), Integer.parseInt(words[4]),
                Integer.parseInt(words[5]));
            default -> throw new IllegalArgumentException("unknown command " + words[0]);
        };
    }

    private Socket socket(final String[] words)
    {
        final Socket socket = comm.socket(SocketType.valueOf(words[2]));
        sockets.put(words[1], socket);
        return socket;
    }

    private String connect(final String[] words)
    {
        final Socket socket = socket(words);
        for (int i = 3; i < words.length; i++)
        {
            socket.connect(words[i]);
        }
        return "CONNECTED " + words[1];
    }

    private String serve(final String name, final String tag)
    {
        ((RepSocket)sockets.get(name)).serve((request) -> answer(tag, request));
        return "SERVING " + name;
    }

    private static Message answer(final String tag, final Message request)
    {
        final String said = tag + " " + request.text(0);
        return Message.of(said.getBytes(StandardCharsets.UTF_8), checksum(request).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Requests in turn; a REP that goes away fails a request with PeerLostException, counted, and the
     * next request goes on.
     */
    private String request(final String name, final int count, final int size, final int perSecond)
    {
        final ReqSocket req = (ReqSocket)sockets.get(name);
        final Map<String, Integer> byServer = new TreeMap<>();
        int lost = 0;
        final long start = System.nanoTime();
        for (int i = 0; i < count; i++)
        {
            pace(start, i, perSecond);
            final Message request = numbered(i, size);
            try
            {
                final Message reply = req.request(request, WAIT);
                final String[] said = reply.text(0).split(" ");
                if (!said[1].equals(String.valueOf(i)) || !reply.text(1).equals(checksum(request)))
                {
                    return "ERROR reply " + reply.text(0) + " does not answer request " + i;
                }
                byServer.merge(said[0], 1, Integer::sum);
            }
            catch (final PeerLostException ex)
            {
                lost++;
            }
        }
        return "REPLIES " + byServer + " lost=" + lost;
    }

    private String send(final String name, final int count, final int size, final int perSecond)
    {
        final SendingSocket socket = (SendingSocket)sockets.get(name);
        final long start = System.nanoTime();
        for (int i = 0; i < count; i++)
        {
            pace(start, i, perSecond);
            socket.send(numbered(i, size));
        }
        return "SENT " + count;
    }

    /**
     * Pacing, not waiting for anything: message {@code i} goes no earlier than its slot.
     */
    private static void pace(final long startNs, final int i, final int perSecond)
    {
        if (perSecond > 0)
        {
            final long slotNs = startNs + i * (1_000_000_000L / perSecond);
            while (System.nanoTime() < slotNs)
            {
                LockSupport.parkNanos(slotNs - System.nanoTime());
            }
        }
    }

    /**
     * Take messages until none came for {@code idle} (after the first) or {@code most} passed; report
     * which sequence numbers came, and any that came twice or damaged.
     */
    private String drain(final String name, final Duration idle, final Duration most)
    {
        final ReceivingSocket socket = (ReceivingSocket)sockets.get(name);
        final BitSet seen = new BitSet();
        int duplicates = 0;
        int damaged = 0;
        int received = 0;
        final long deadline = System.nanoTime() + most.toNanos();
        long lastNs = System.nanoTime();
        while (System.nanoTime() < deadline && (received == 0 || System.nanoTime() - lastNs < idle.toNanos()))
        {
            final Optional<Message> message = socket.receive(Duration.ofMillis(100));
            if (message.isPresent())
            {
                lastNs = System.nanoTime();
                received++;
                final int id = Integer.parseInt(message.get().text(0));
                duplicates += seen.get(id) ? 1 : 0;
                seen.set(id);
                damaged += message.get().text(1).equals(checksum(message.get())) ? 0 : 1;
            }
        }
        return "RECEIVED " + received + " distinct=" + seen.cardinality() + " duplicates=" + duplicates +
            " damaged=" + damaged + " ids=" + seen;
    }

    private String subscribe(final String name, final String prefix)
    {
        ((SubSocket)sockets.get(name)).subscribe(prefix);
        return "SUBSCRIBED " + name;
    }

    private String publish(final String name, final String topic, final int count, final int size, final int rate)
    {
        final PubSocket pub = (PubSocket)sockets.get(name);
        final long start = System.nanoTime();
        for (int i = 0; i < count; i++)
        {
            pace(start, i, rate);
            pub.publish(topic, numbered(i, size));
        }
        return "PUBLISHED " + count;
    }

    /**
     * Frame 0: the sequence number; frame 1: the payload's checksum, then the payload.
     */
    private static Message numbered(final int id, final int size)
    {
        final ByteBuffer payload = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++)
        {
            payload.put(i, (byte)(id * 31 + i));
        }
        final CRC32 crc = new CRC32();
        crc.update(payload.duplicate());
        return Message.builder()
            .frame(String.valueOf(id).getBytes(StandardCharsets.UTF_8))
            .frame(Long.toHexString(crc.getValue()).getBytes(StandardCharsets.UTF_8))
            .frame(payload)
            .build();
    }

    /**
     * @return the checksum of the payload (frame 2), computed here.
     */
    private static String checksum(final Message message)
    {
        final DirectBuffer payload = message.frame(2);
        final CRC32 crc = new CRC32();
        final byte[] chunk = new byte[64 * 1024];
        for (int at = 0; at < payload.capacity(); at += chunk.length)
        {
            final int length = Math.min(chunk.length, payload.capacity() - at);
            payload.getBytes(at, chunk, 0, length);
            crc.update(chunk, 0, length);
        }
        return Long.toHexString(crc.getValue());
    }
}
