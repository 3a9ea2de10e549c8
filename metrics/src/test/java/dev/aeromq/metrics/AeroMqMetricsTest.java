package dev.aeromq.metrics;

import dev.aeromq.Communicator;
import dev.aeromq.Config;
import dev.aeromq.DropReason;
import dev.aeromq.Message;
import dev.aeromq.PullSocket;
import dev.aeromq.PushSocket;
import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Names;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AeroMqMetrics} registers each socket's meters in a registry, the meters follow the
 * socket's figures, and a refresh adds new sockets' meters and removes closed ones'.
 */
class AeroMqMetricsTest
{
    private static final int COUNT = 5;
    private static final int SIZE = 32;

    @Test
    void metersFollowTheSocketsFigures()
    {
        try (Communicator comm = open())
        {
            final PullSocket pull = comm.pull().bind(Names.ipc("metrics"));
            final SimpleMeterRegistry registry = new SimpleMeterRegistry();
            final AeroMqMetrics metrics = new AeroMqMetrics(comm, Tags.of("app", "test"));
            metrics.bindTo(registry);
            final String pullId = String.format("%016x", pull.stats().socketId());
            assertEquals(1.0, gauge(registry, "aeromq.sockets").value());
            assertEquals(0.0, counter(registry, "aeromq.messages.received", pullId).count());
            assertEquals(pull.endpoint(), counter(registry, "aeromq.messages.received", pullId).getId()
                .getTag("endpoint"));
            assertEquals("PULL", counter(registry, "aeromq.messages.received", pullId).getId().getTag("type"));
            assertEquals("test", counter(registry, "aeromq.messages.received", pullId).getId().getTag("app"));

            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Await.WAIT);
            metrics.refresh();
            final String pushId = String.format("%016x", push.stats().socketId());
            assertEquals(2.0, gauge(registry, "aeromq.sockets").value());
            for (int i = 0; i < COUNT; i++)
            {
                push.send(Message.of(new byte[SIZE]));
                pull.receive();
            }
            assertEquals(COUNT, counter(registry, "aeromq.messages.sent", pushId).count());
            assertEquals(COUNT * SIZE, counter(registry, "aeromq.bytes.sent", pushId).count());
            Await.await("the PULL's meter counts " + COUNT + " messages", Await.WAIT,
                () -> counter(registry, "aeromq.messages.received", pullId).count() == COUNT);
            assertEquals(COUNT * SIZE, counter(registry, "aeromq.bytes.received", pullId).count());
            assertEquals(1.0, registry.find("aeromq.peers").tag("socket", pushId).gauge().value());
            assertEquals(0.0, registry.find("aeromq.messages.dropped").tag("socket", pullId)
                .tag("reason", "high_water_mark").functionCounter().count());
            assertEquals(DropReason.values().length,
                registry.find("aeromq.messages.dropped").tag("socket", pullId).functionCounters().size(),
                "one drop counter per reason");

            push.close();
            metrics.refresh();
            assertNull(registry.find("aeromq.messages.sent").tag("socket", pushId).functionCounter(),
                "a closed socket's meters are removed");
            assertEquals(1.0, gauge(registry, "aeromq.sockets").value());
            assertTrue(registry.getMeters().stream().map(Meter::getId)
                .noneMatch((id) -> pushId.equals(id.getTag("socket"))));
        }
    }

    @Test
    void aSocketWithoutAnEndpointGetsItsMetersOnceItHasOne()
    {
        try (Communicator comm = open())
        {
            final PullSocket pull = comm.pull();
            final SimpleMeterRegistry registry = new SimpleMeterRegistry();
            final AeroMqMetrics metrics = new AeroMqMetrics(comm);
            metrics.bindTo(registry);
            metrics.bindTo(registry); // twice: no duplicate
            assertTrue(registry.find("aeromq.messages.received").functionCounters().isEmpty());
            pull.bind(Names.ipc("metrics-late"));
            metrics.refresh();
            assertEquals(pull.endpoint(), registry.get("aeromq.messages.received").functionCounter().getId()
                .getTag("endpoint"));
        }
    }

    private static Communicator open()
    {
        return Communicator.open(Config.builder().linger(Duration.ofMillis(200)).build());
    }

    private static FunctionCounter counter(final SimpleMeterRegistry registry, final String name, final String socket)
    {
        return registry.get(name).tag("socket", socket).functionCounter();
    }

    private static Gauge gauge(final SimpleMeterRegistry registry, final String name)
    {
        return registry.get(name).gauge();
    }
}
