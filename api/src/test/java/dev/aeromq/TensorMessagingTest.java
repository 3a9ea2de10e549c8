package dev.aeromq;

import dev.aeromq.testkit.Bytes;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tensors through real sockets over IPC and UDP: every dtype bit for bit, every kind of shape, several
 * named tensors beside frames through PUB/SUB, a 64 MiB tensor through REQ/REP with the REP computing on
 * it, 64-byte alignment of received data, and placement by a {@link FrameAllocator}.
 */
class TensorMessagingTest
{
    private static final int ALIGNMENT = 64;

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void everyDTypeRoundTripsBitForBitAligned(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(bindable(transport, "tensor-dtypes"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);

            final Map<DType, byte[]> sent = new LinkedHashMap<>();
            for (final DType type : DType.values())
            {
                final byte[] bytes = Bytes.pattern(2 * 3 * 5 * type.byteSize(), type.ordinal());
                sent.put(type, bytes);
                push.send(Message.builder().tensor(type.name(), Tensor.wrap(type, ByteBuffer.wrap(bytes), 2, 3, 5))
                    .build());
            }
            for (final Map.Entry<DType, byte[]> entry : sent.entrySet())
            {
                final Message message = Testing.receive(pull, entry.getKey() + " tensor");
                final Tensor tensor = message.tensor(entry.getKey().name());
                assertEquals(entry.getKey(), tensor.dtype());
                assertArrayEquals(new long[]{ 2, 3, 5 }, tensor.shape());
                assertArrayEquals(entry.getValue(), tensor.toByteArray(), () -> entry.getKey() + " bits");
                assertAligned(tensor, entry.getKey().name());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void scalarsEmptyVectorsCubesAndRankNineKeepTheirShapes(final Testing.Transport transport)
    {
        final Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("scalar", new long[0]);
        shapes.put("empty", new long[]{ 0 });
        shapes.put("seven", new long[]{ 7 });
        shapes.put("cube", new long[]{ 2, 3, 4 });
        shapes.put("rank9", new long[]{ 1, 2, 1, 2, 1, 2, 1, 2, 3 });
        shapes.put("hollow", new long[]{ 3, 0, 2 });
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(bindable(transport, "tensor-shapes"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            final Message.Builder builder = Message.builder();
            final Map<String, float[]> data = new LinkedHashMap<>();
            for (final Map.Entry<String, long[]> entry : shapes.entrySet())
            {
                final float[] values = new float[(int)elements(entry.getValue())];
                for (int i = 0; i < values.length; i++)
                {
                    values[i] = i * 0.5f - entry.getKey().length();
                }
                data.put(entry.getKey(), values);
                builder.tensor(entry.getKey(), Tensor.of(values, entry.getValue()));
            }
            push.send(builder.build());

            final Message message = Testing.receive(pull, "the tensors");
            assertEquals(List.copyOf(shapes.keySet()), List.copyOf(message.tensors().keySet()), "in order");
            for (final Map.Entry<String, long[]> entry : shapes.entrySet())
            {
                final Tensor tensor = message.tensor(entry.getKey());
                assertArrayEquals(entry.getValue(), tensor.shape(), entry.getKey());
                assertEquals(entry.getValue().length, tensor.rank(), entry.getKey());
                assertArrayEquals(data.get(entry.getKey()), tensor.toFloatArray(), entry.getKey());
                assertAligned(tensor, entry.getKey());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void severalNamedTensorsTravelBesideFramesTopicAndMetadataThroughPubSub(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PubSocket pub = comm.pub().bind(bindable(transport, "tensor-pubsub"));
            final SubSocket sub = comm.sub();
            sub.subscribe("model.");
            sub.connect(pub.endpoint());
            pub.awaitPeers(1, Testing.WAIT);
            sub.awaitPeers(1, Testing.WAIT);

            final Tensor weights = Tensor.of(new float[]{ 1, 2, 3, 4, 5, 6 }, 2, 3);
            final Tensor bias = Tensor.of(new double[]{ 0.5, -0.5 }, 2);
            final Tensor steps = Tensor.of(new long[]{ 1_000_000_000_000L });
            final Tensor big = Tensor.of(new int[100_000], 100, 1000); // chunked, gathered from the array
            final Message sent = Message.builder().topic("model.update").frame("header").frame(new byte[5000])
                .metadata("epoch", "7")
                .tensor("weights", weights).tensor("bias", bias).tensor("steps", steps).tensor("big", big)
                .build();
            pub.publish("model.update", sent);

            final Message got = Testing.receive(sub, "the published tensors");
            assertEquals("model.update", got.topic());
            assertEquals(Map.of("epoch", "7"), got.metadata());
            assertEquals(2, got.frameCount());
            assertEquals("header", got.text(0));
            assertEquals(5000, got.frame(1).capacity());
            assertEquals(List.of("weights", "bias", "steps", "big"), List.copyOf(got.tensors().keySet()));
            assertEquals(weights, got.tensor("weights"));
            assertEquals(bias, got.tensor("bias"));
            assertEquals(steps, got.tensor("steps"));
            assertEquals(big, got.tensor("big"));
            assertEquals(sent, got, "the whole message");
            assertEquals(sent.size(), got.size());
            for (final Tensor tensor : got.tensors().values())
            {
                assertAligned(tensor, tensor.toString());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aRepEchoingARequestSendsItsTensorsBack(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final RepSocket rep = comm.rep().bind(bindable(transport, "tensor-echo"));
            rep.serve(request -> request);
            final ReqSocket req = comm.req().connect(rep.endpoint());
            req.awaitPeers(1, Testing.WAIT);

            final Message request = Message.builder().frame("q")
                .tensor("a", Tensor.wrap(DType.BF16, ByteBuffer.wrap(Bytes.pattern(4000, 3)), 20, 100))
                .tensor("b", Tensor.of(new byte[]{ 1, 2, 3 }, 3))
                .build();
            final Message reply = req.request(request, Testing.WAIT);
            assertEquals(request, reply);
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void a64MiBTensorGoesThroughReqRepAndTheRepComputesOnIt(final Testing.Transport transport)
    {
        final int side = 4096; // 4096 x 4096 float32 = 64 MiB
        final Config config = Testing.config()
            .maxMessageSize(128L * 1024 * 1024)
            .receiveHighWaterMarkBytes(256L * 1024 * 1024)
            .build();
        try (Communicator comm = Communicator.open(config))
        {
            final RepSocket rep = comm.rep().bind(bindable(transport, "tensor-64m"));
            final AtomicReference<String> problem = new AtomicReference<>();
            rep.serve(request -> reduce(request, problem));
            final ReqSocket req = comm.req().connect(rep.endpoint());
            req.awaitPeers(1, Testing.WAIT);

            final float[] values = new float[side * side];
            double expected = 0;
            for (int i = 0; i < values.length; i++)
            {
                values[i] = (i % 1024) * 0.25f;
                expected += values[i];
            }
            final Message request = Message.builder().tensor("x", Tensor.of(values, side, side)).build();
            assertEquals(64L * 1024 * 1024, request.size());

            final Message reply = req.request(request, Duration.ofSeconds(60));
            assertEquals(null, problem.get());
            assertArrayEquals(new double[]{ expected }, reply.tensor("sum").toDoubleArray());
            assertArrayEquals(new long[0], reply.tensor("sum").shape());
            assertArrayEquals(new float[]{ 255.75f }, reply.tensor("max").toFloatArray());
        }
    }

    private static Message reduce(final Message request, final AtomicReference<String> problem)
    {
        final Tensor x = request.tensor("x");
        if (x.dtype() != DType.F32 || x.rank() != 2 || x.data().addressOffset() % ALIGNMENT != 0)
        {
            problem.set("the REP got " + x + " at address " + x.data().addressOffset());
        }
        final DirectBuffer data = x.data();
        double sum = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < x.elementCount(); i++)
        {
            final float value = data.getFloat(i * Float.BYTES, ByteOrder.LITTLE_ENDIAN);
            sum += value;
            max = Math.max(max, value);
        }
        return Message.builder().tensor("sum", Tensor.of(new double[]{ sum })).tensor("max", Tensor.of(
            new float[]{ max }, 1)).build();
    }

    @Test
    void tensorsGoWhereTheFrameAllocatorSaysAfterTheFramesAndItSeesTheirDescriptors()
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("tensor-allocator"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            final UnsafeBuffer region = new UnsafeBuffer(BufferUtil.allocateDirectAligned(4 << 20, 4096));
            final List<String> calls = new ArrayList<>();
            final List<Long> addresses = new ArrayList<>();
            final int[] next = { 0 };
            pull.frameAllocator((header, index, length) ->
            {
                final boolean tensor = index >= header.frameCount();
                final int t = index - header.frameCount();
                calls.add(tensor ? "tensor " + header.tensorName(t) + " " + header.tensorDType(t) + " " +
                    List.of(box(header.tensorShape(t))) + " " + length : "frame " + index + " " + length);
                final MutableDirectBuffer memory = new UnsafeBuffer(region, next[0], length);
                addresses.add(memory.addressOffset());
                next[0] += (length + 4095) & -4096;
                return memory;
            });

            final Tensor small = Tensor.of(new int[]{ 1, 2, 3 }, 3);
            final Tensor large = Tensor.of(new float[300_000], 300, 1000);
            push.send(Message.builder().frame("a").frame(new byte[0]).tensor("small", small).tensor("large", large)
                .build());

            final Message got = Testing.receive(pull, "the allocator's message");
            assertEquals(List.of("frame 0 1", "frame 1 0", "tensor small I32 [3] 12",
                "tensor large F32 [300, 1000] 1200000"), calls);
            assertEquals(addresses.get(0), got.frame(0).addressOffset());
            assertEquals(addresses.get(2), got.tensor("small").data().addressOffset(), "same address, no copy");
            assertEquals(addresses.get(3), got.tensor("large").data().addressOffset(), "same address, no copy");
            assertEquals(small, got.tensor("small"));
            assertEquals(large, got.tensor("large"));

            final Message copy = got.copy();
            assertNotSame(got, copy, "allocator memory is copied by copy()");
            assertEquals(got, copy);
            assertAligned(copy.tensor("large"), "the copy");
        }
    }

    @Test
    void aPollHandlerGetsTensorsPlacedAndAligned()
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("tensor-poll"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            final Tensor tensor = Tensor.of(new int[]{ 5, 6 }, 2);
            push.send(Message.builder().frame("small").tensor("t", tensor).build());

            final List<String> seen = new ArrayList<>();
            Testing.await("the polled message", () -> pull.poll(view ->
            {
                final Tensor t = view.tensor("t");
                seen.add(view.frameCount() + " " + t + " " + (t.data().addressOffset() % ALIGNMENT) + " " +
                    t.equals(tensor));
            }, 1) == 1);
            assertEquals(List.of("1 Tensor{I32, shape=[2], 8 bytes} 0 true"), seen);
        }
    }

    @Test
    void tensorDataCountsAgainstMaxMessageSize()
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("tensor-limit"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            push.maxMessageSize(1024 * 1024);

            final Message tooLarge = Message.builder().frame(new byte[600_000])
                .tensor("t", Tensor.wrap(DType.U8, ByteBuffer.allocate(600_000), 600_000)).build();
            final var ex = assertThrows(MessageTooLargeException.class, () -> push.send(tooLarge));
            assertTrue(ex.getMessage().contains("1200000") && ex.getMessage().contains("1048576"), ex.getMessage());

            push.send(Message.builder().tensor("ok", Tensor.of(new float[]{ 1 })).build());
            assertSame(DType.F32, Testing.receive(pull, "the small tensor").tensor("ok").dtype());
        }
    }

    private static void assertAligned(final Tensor tensor, final String what)
    {
        assertEquals(0, tensor.data().addressOffset() % ALIGNMENT, () -> what + " at " +
            tensor.data().addressOffset() + " is not 64-byte aligned");
    }

    private static long elements(final long[] shape)
    {
        long count = 1;
        for (final long size : shape)
        {
            count *= size;
        }
        return count;
    }

    private static Long[] box(final long[] values)
    {
        final Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++)
        {
            boxed[i] = values[i];
        }
        return boxed;
    }

    private static String bindable(final Testing.Transport transport, final String name)
    {
        return transport == Testing.Transport.UDP ? "udp://127.0.0.1:0" : Testing.ipc(name);
    }
}
