package dev.aeromq.conformance;

import dev.aeromq.IncompatiblePeerException;
import dev.aeromq.Message;
import dev.aeromq.PairSocket;
import dev.aeromq.Testing;
import dev.aeromq.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** PAIR conformance (RULES.md, PAIR rules 1-3), each over IPC and UDP. */
class PairConformanceTest
{
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration QUIET = Duration.ofMillis(250);

    // Rule 1: both directions, multipart, in order, with the two sides' sends interleaved.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void pairIsTwoWayMultipartAndInOrderWithInterleavedSends(final Testing.Transport transport)
    {
        final int count = 200;
        try (var comm = Testing.open())
        {
            final var a = comm.pair().bind(bindable(transport, "pair-two-way"));
            final var b = comm.pair().connect(a.endpoint());
            awaitLinked(a, b);

            // Interleave a's and b's sends before anyone receives: both directions are in flight at once.
            for (int i = 0; i < count; i++)
            {
                a.send(numbered("a", i));
                b.send(numbered("b", i));
            }
            for (int i = 0; i < count; i++)
            {
                assertNumbered("a", i, b.receive());
                assertNumbered("b", i, a.receive());
            }
            assertEquals(Optional.empty(), a.receive(QUIET));
            assertEquals(Optional.empty(), b.receive(QUIET));
        }
    }

    // Rule 1: full duplex, with a sender and a receiver thread on each side at once.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void pairIsFullDuplexUnderConcurrentSendAndReceive(final Testing.Transport transport) throws Exception
    {
        final int count = 300;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor(); var comm = Testing.open())
        {
            // This time the side that speaks first is the connecting one.
            final var bound = comm.pair().bind(bindable(transport, "pair-duplex"));
            final var connector = comm.pair().connect(bound.endpoint());
            awaitLinked(bound, connector);

            final var tasks = List.of(
                pool.submit(() -> sendAll(connector, "c", count)),
                pool.submit(() -> sendAll(bound, "b", count)),
                pool.submit(() -> receiveAll(bound, "c", count)),
                pool.submit(() -> receiveAll(connector, "b", count)));
            for (final var task : tasks)
            {
                task.get(Testing.WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    // Rule 1: strict ping-pong, each reply built from what was received.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void pairPingPong(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var bound = comm.pair().bind(bindable(transport, "pair-ping"));
            final var connector = comm.pair().connect(bound.endpoint());
            awaitLinked(bound, connector);

            for (int i = 0; i < 50; i++)
            {
                connector.send(numbered("ping", i));
                final var ping = bound.receive();
                assertNumbered("ping", i, ping);
                bound.send(numbered("pong", Integer.parseInt(ping.text(1))));
                assertNumbered("pong", i, connector.receive());
            }
        }
    }

    // Rule 2: a second PAIR is refused with a reason, never receives, and the first pair keeps working.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void secondPairIsRefusedAndFirstPairIsUnaffected(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var a = comm.pair().bind(bindable(transport, "pair-exclusive"));
            final var b = comm.pair().connect(a.endpoint());
            awaitLinked(a, b);

            final var intruder = comm.pair().connect(a.endpoint());
            intruder.sendTimeout(Duration.ofSeconds(1));
            final var refused = assertThrows(IncompatiblePeerException.class,
                () -> intruder.awaitPeers(1, Testing.WAIT));
            assertMentionsAll(refused, "PAIR");
            assertMentionsAny(refused, "peer", "already", "exclusive");
            assertEquals(0, intruder.peerCount());
            // With no other peer, its send reports the refusal instead of timing out.
            assertThrows(IncompatiblePeerException.class, () -> intruder.send(Message.of("intruding")));

            assertEquals(1, a.peerCount(), "the bound PAIR still has exactly its first peer");
            assertEquals(1, b.peerCount());

            a.send(Message.of("to b"));
            assertEquals("to b", b.receive().text());
            assertEquals(Optional.empty(), intruder.receive(QUIET), "the refused PAIR never receives");

            b.send(Message.of("to a"));
            assertEquals("to a", a.receive().text(), "nothing from the intruder got in between");
            assertEquals(Optional.empty(), a.receive(QUIET));
        }
    }

    // Rule 3 (bound side): no peer -> send times out, trySend is false, nothing was sent;
    // a send blocked for a peer delivers once one connects.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void boundPairWithNoPeerTimesOutAndDropsNothing(final Testing.Transport transport) throws Exception
    {
        try (var comm = Testing.open())
        {
            final var a = comm.pair().bind(bindable(transport, "pair-lonely"));
            a.sendTimeout(SHORT);
            assertSendTimesOut(() -> a.send(Message.of("timed out")));
            assertTrySendFalseAtOnce(a);

            a.sendTimeout(Testing.WAIT);
            final var sent = CompletableFuture.runAsync(() -> a.send(Message.of("waited")), Thread::startVirtualThread);
            final var b = comm.pair().connect(a.endpoint());
            awaitLinked(a, b);
            sent.get(Testing.WAIT.toSeconds(), TimeUnit.SECONDS);

            assertEquals("waited", b.receive().text());
            assertEquals(Optional.empty(), b.receive(QUIET), "the timed-out and tried sends were never sent");
        }
    }

    // Rule 3 (connecting side, nobody bound yet): same, and the late binder gets only what was sent after.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void connectedPairWithNoPeerTimesOutAndDropsNothing(final Testing.Transport transport) throws Exception
    {
        try (var comm = Testing.open())
        {
            final var endpoint = transport.endpoint("pair-late");
            final var connector = comm.pair().connect(endpoint);
            connector.sendTimeout(SHORT);
            assertSendTimesOut(() -> connector.send(Message.of("timed out")));
            assertTrySendFalseAtOnce(connector);

            connector.sendTimeout(Testing.WAIT);
            final var sent = CompletableFuture.runAsync(
                () -> connector.send(Message.of("waited")), Thread::startVirtualThread);
            final var bound = comm.pair().bind(endpoint);
            awaitLinked(bound, connector);
            sent.get(Testing.WAIT.toSeconds(), TimeUnit.SECONDS);

            assertEquals("waited", bound.receive().text());
            connector.send(Message.of("after"));
            assertEquals("after", bound.receive().text());
            assertEquals(Optional.empty(), bound.receive(QUIET), "the timed-out and tried sends were never sent");
        }
    }

    // ---- helpers ----

    /** Where to bind: a fresh IPC name, or an ephemeral loopback UDP port read back with endpoint(). */
    private static String bindable(final Testing.Transport transport, final String name)
    {
        return transport == Testing.Transport.UDP ? "udp://127.0.0.1:0" : Testing.ipc(name);
    }

    private static void awaitLinked(final PairSocket one, final PairSocket other)
    {
        one.awaitPeers(1, Testing.WAIT);
        other.awaitPeers(1, Testing.WAIT);
    }

    private static Void sendAll(final PairSocket socket, final String from, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            socket.send(numbered(from, i));
        }
        return null;
    }

    private static Void receiveAll(final PairSocket socket, final String from, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            assertNumbered(from, i, socket.receive());
        }
        return null;
    }

    /**
     * Frames: sender, sequence number, a payload whose size varies (every 10th above the 1 KiB
     * attachment threshold), and an empty frame.
     */
    private static Message numbered(final String from, final int seq)
    {
        return Message.builder()
            .frame(from)
            .frame(Integer.toString(seq))
            .frame(payload(from, seq))
            .frame(new byte[0])
            .build();
    }

    private static void assertNumbered(final String from, final int seq, final Message message)
    {
        assertEquals(4, message.frameCount(), "frames of " + from + " #" + seq);
        assertEquals(from, message.text(0));
        assertEquals(Integer.toString(seq), message.text(1), "in order from " + from);
        assertArrayEquals(payload(from, seq), message.bytes(2), "payload of " + from + " #" + seq);
        assertEquals(0, message.bytes(3).length);
    }

    private static byte[] payload(final String from, final int seq)
    {
        final int length = seq % 10 == 0 ? 3000 + seq : 1 + seq % 97;
        final var bytes = new byte[length];
        final byte salt = from.getBytes(StandardCharsets.UTF_8)[0];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i + seq * 7 + salt);
        }
        return bytes;
    }

    private static void assertSendTimesOut(final Runnable send)
    {
        final long start = System.nanoTime();
        final var ex = assertThrows(TimeoutException.class, send::run);
        final var elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(elapsed.compareTo(SHORT.minusMillis(50)) >= 0, "send gave up early, after " + elapsed);
        assertTrue(elapsed.compareTo(Duration.ofSeconds(5)) < 0, "send overran its timeout: " + elapsed);
        assertMentionsAny(ex, "timed out", "timeout", "time out", "within", "0.3", "300");
    }

    private static void assertTrySendFalseAtOnce(final PairSocket socket)
    {
        final long start = System.nanoTime();
        assertFalse(socket.trySend(Message.of("tried")), "trySend with no peer");
        final var elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(elapsed.compareTo(Duration.ofSeconds(1)) < 0, "trySend blocked for " + elapsed);
    }

    private static void assertMentionsAll(final Throwable ex, final String... words)
    {
        final var message = String.valueOf(ex.getMessage());
        for (final var word : words)
        {
            assertTrue(message.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT)),
                ex.getClass().getSimpleName() + " message should mention " + word + ": " + message);
        }
    }

    private static void assertMentionsAny(final Throwable ex, final String... words)
    {
        final var message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
        for (final var word : words)
        {
            if (message.contains(word.toLowerCase(Locale.ROOT)))
            {
                return;
            }
        }
        fail(ex.getClass().getSimpleName() + " message should mention one of " + List.of(words) + ": " +
            ex.getMessage());
    }
}
