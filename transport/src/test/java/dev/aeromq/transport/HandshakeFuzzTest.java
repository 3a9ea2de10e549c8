package dev.aeromq.transport;

import dev.aeromq.codec.Liveness;
import dev.aeromq.codec.MalformedWireMessageException;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.HelloEncoder;
import dev.aeromq.codec.sbe.MessageHeaderEncoder;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Bytes;
import dev.aeromq.testkit.FuzzTries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzzing the handshake at a real binder: a PULL bound on UDP receives, from a raw Aeron peer it has
 * not admitted, Hellos (and Welcomes and Rejects, which have no place there) with random fields, raw
 * socket types, versions, reply streams and ports and prefixes, mutated (lengths and counts set to
 * extremes, cut short). Each is followed by a sentinel the reader must reject (a header of another
 * schema id, unique per try), so once its report is in, everything before it has been read.
 * <ul>
 * <li>Every one the reader rejects is counted as malformed, and every count is reported. The reports
 * reach the error handler at most 100 a second ({@link ErrorReporter}: it holds back the rest and sums
 * them up): in a try where some were held back (other errors, not malformed ones, may be among them)
 * the count lies between the malformed ones reported and those plus the held back, else it equals
 * them.</li>
 * <li>The binder keeps working: afterwards a well-behaved PUSH links and its messages arrive.</li>
 * </ul>
 * {@code AEROMQ_FUZZ_TRIES=1000000} runs it 1,000 times (README, "Tests").
 */
class HandshakeFuzzTest
{
    private static final int CI_TRIES = 300;
    private static final int LONG_RUN_DIVISOR = 1000;
    private static final String MALFORMED = "malformed wire message";
    private static final int MAX_SENTINELS = 5;

    private static TestTransport aeromq;
    private static TestSocket pull;
    private static Endpoint bound;
    private static RawPeer stranger;
    private static int sentinels;

    @BeforeContainer
    static void start()
    {
        aeromq = TestTransport.start("handshake-fuzz");
        pull = aeromq.open(SocketType.PULL);
        bound = pull.bind("udp://127.0.0.1:0");
        stranger = new RawPeer(aeromq.aeronDirectory(), bound);
    }

    @AfterContainer
    static void stop()
    {
        stranger.close();
        aeromq.close();
    }

    /**
     * A handshake wire message: its bytes, and how they were made.
     *
     * @param bytes  the bytes.
     * @param origin how they were made.
     */
    record Input(byte[] bytes, String origin)
    {
        @Override
        public String toString()
        {
            return origin + ": " + HexFormat.of().formatHex(bytes);
        }
    }

    @Provide
    Arbitrary<Input> handshakes()
    {
        final Arbitrary<FragmentMutation> mutation = Combinators.combine(
            Arbitraries.of(FragmentMutation.Kind.OVERWRITE, FragmentMutation.Kind.TRUNCATE),
            Arbitraries.integers().greaterOrEqual(0),
            Arbitraries.integers())
            .as(FragmentMutation::new);
        return Combinators.combine(Arbitraries.randomValue(HandshakeFuzzTest::handshake), mutation.list().ofMaxSize(3))
            .as(HandshakeFuzzTest::mutate);
    }

    @Property(tries = CI_TRIES)
    @FuzzTries(longRunDivisor = LONG_RUN_DIVISOR)
    void everyHandshakeTheReaderRejectsIsCountedAndReported(@ForAll("handshakes") final Input input)
    {
        aeromq.forgetErrors();
        final long before = pull.streams().malformedCount();

        stranger.fragment(input.bytes(), Fragment.WHOLE);
        final int sentinelsSent = sendSentinelsUntilOneIsReported(input);

        final long counted = pull.streams().malformedCount() - before;
        final List<Throwable> reports = aeromq.reports();
        final long reported = reports.stream().filter(ex -> ex.getMessage().startsWith(MALFORMED)).count();
        final long heldBack = aeromq.heldBack();
        final long due = (readerRejects(input.bytes()) ? 1 : 0) + sentinelsSent;
        assertTrue(counted >= due, () -> counted + " counted malformed, " + due + " due, for " + input);
        if (heldBack == 0)
        {
            assertEquals(counted, reported, () -> "counted " + counted + ", reported " + reports + " for " + input);
        }
        else
        {
            assertTrue(reported <= counted && counted <= reported + heldBack, () -> "counted " + counted +
                ", reported " + reports + " and held back " + heldBack + " more for " + input);
        }
    }

    @AfterProperty
    void aWellBehavedPeerStillLinksAndItsMessagesArrive()
    {
        final TestSocket push = aeromq.open(SocketType.PUSH);
        push.connect(bound.uri());
        final Link toPull = push.handler().awaitJoins(1);
        final int before = pull.handler().events(RecordingHandler.Received.class).size();
        TestSocket.send(toPull, Bytes.pattern(200, 3));
        Bytes.assertPattern(200, 3, pull.handler().awaitReceived(before + 1).get(before).frames()[0]);
        push.close(0);
    }

    /**
     * Send a sentinel and wait for its report: once it is in, everything before it has been read, and
     * every earlier report handed over or summed up (the reporter sums up what it held back before it
     * hands over the next). If the reporter held the sentinel back too (over its rate), its summary
     * comes at the end of the second, and another sentinel goes, in the next second.
     *
     * @return how many sentinels were sent.
     */
    private static int sendSentinelsUntilOneIsReported(final Input input)
    {
        for (int sent = 1; sent <= MAX_SENTINELS; sent++)
        {
            final long summarisedBefore = aeromq.summarised();
            final int schemaId = nextSentinelSchemaId();
            final byte[] sentinel = new byte[MessageHeaderEncoder.ENCODED_LENGTH];
            new MessageHeaderEncoder().wrap(new UnsafeBuffer(sentinel), 0).schemaId(schemaId);
            stranger.fragment(sentinel, Fragment.WHOLE);
            Await.await(() -> "the sentinel's report (or a summary) after " + input + "; reported: " +
                aeromq.errors(), Await.WAIT, () -> isReported(schemaId) || aeromq.summarised() > summarisedBefore);
            if (isReported(schemaId))
            {
                return sent;
            }
        }
        return fail("no sentinel of " + MAX_SENTINELS + " was reported itself after " + input + "; reported: " +
            aeromq.errors());
    }

    private static boolean isReported(final int sentinelSchemaId)
    {
        final String words = "schema id " + sentinelSchemaId + ",";
        return aeromq.reports().stream().anyMatch(ex -> ex.getMessage().contains(words));
    }

    private static int nextSentinelSchemaId()
    {
        int schemaId = ++sentinels & 0xFFFF;
        if (schemaId == MessageHeaderEncoder.SCHEMA_ID)
        {
            schemaId = ++sentinels & 0xFFFF;
        }
        return schemaId;
    }

    private static boolean readerRejects(final byte[] bytes)
    {
        try
        {
            new WireReader().read(new UnsafeBuffer(bytes), 0, bytes.length);
            return false;
        }
        catch (final MalformedWireMessageException ex)
        {
            return true;
        }
    }

    private static Input handshake(final Random random)
    {
        final WireWriter writer = new WireWriter();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final SocketType type = SocketType.values()[random.nextInt(SocketType.values().length - 1)];
        final List<byte[]> prefixes = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--)
        {
            prefixes.add(new byte[random.nextInt(10)]);
        }
        final String origin;
        final int length;
        switch (random.nextInt(6))
        {
            case 0 ->
            {
                origin = "Welcome";
                length = writer.welcome(buffer, 0, type, random.nextLong(), random.nextLong(), random.nextLong(),
                    liveness(random), prefixes);
            }
            case 1 ->
            {
                origin = "Reject";
                length = writer.reject(buffer, 0, type, random.nextLong(), random.nextLong(), "no " + random.nextInt());
            }
            default ->
            {
                origin = "Hello";
                length = writer.hello(buffer, 0, type, random.nextLong(), random.nextLong(),
                    random.nextBoolean() ? bound.streamId() : random.nextInt(), random.nextInt(0x10000),
                    random.nextLong(), liveness(random), prefixes);
                if (random.nextInt(4) == 0)
                {
                    buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + HelloEncoder.socketTypeEncodingOffset(),
                        (byte)random.nextInt(10));
                }
            }
        }
        if (random.nextInt(8) == 0)
        {
            new MessageHeaderEncoder().wrap(buffer, 0).version(WireReader.VERSION + 1 - 2 * random.nextInt(2));
        }
        return new Input(Arrays.copyOf(buffer.byteArray(), length), origin);
    }

    private static Input mutate(final Input input, final List<FragmentMutation> mutations)
    {
        final List<Fragment> fragments = new ArrayList<>(List.of(new Fragment(Fragment.WHOLE, input.bytes())));
        final StringBuilder origin = new StringBuilder(input.origin());
        for (final FragmentMutation mutation : mutations)
        {
            origin.append(", ").append(mutation.apply(fragments));
        }
        return new Input(fragments.get(0).bytes(), origin.toString());
    }

    /**
     * Any liveness a peer may announce, sensible or not: the binder agrees the stricter of its own and
     * this, within its floors.
     */
    private static Liveness liveness(final Random random)
    {
        return new Liveness(random.nextLong(), random.nextLong());
    }
}
