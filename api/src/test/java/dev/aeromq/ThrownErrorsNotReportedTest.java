package dev.aeromq;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An error thrown to the caller is not also handed to the error handler (whose default logs it): the
 * user sees it once. Each case is followed by a marker error reported after it; the reporter keeps
 * order, so once the marker arrived anything reported for the case would have arrived before it.
 */
class ThrownErrorsNotReportedTest
{
    private final List<Throwable> reported = new CopyOnWriteArrayList<>();

    @Test
    void aRefusedBindConnectOrSendIsOnlyThrown()
    {
        try (Communicator comm = open(); Communicator other = open())
        {
            final String taken = comm.pull().bind("udp://127.0.0.1:0").endpoint();
            expectOnlyThrown(comm, InvalidEndpointException.class, () -> comm.pull().bind(taken));
            expectOnlyThrown(other, InvalidEndpointException.class, () -> other.pull().bind(taken));
            expectOnlyThrown(comm, InvalidEndpointException.class, () -> comm.push().connect("tcp://127.0.0.1:1"));
            expectOnlyThrown(comm, InvalidEndpointException.class, () -> comm.pull().bind("aeron:udp?endpoint=x"));

            final PushSocket push = comm.push().connect(Testing.ipc("nobody"));
            push.sendTimeout(Duration.ofMillis(100));
            expectOnlyThrown(comm, TimeoutException.class, () -> push.send(Message.of("to nobody")));
        }
    }

    private void expectOnlyThrown(
        final Communicator comm, final Class<? extends Throwable> type, final Executable action)
    {
        reported.clear();
        assertThrows(type, action);
        final IllegalStateException marker = new IllegalStateException("marker");
        comm.report(marker);
        Testing.await("the marker reported", () -> reported.contains(marker));
        assertEquals(List.of(marker), List.copyOf(reported), "reported besides the " + type.getSimpleName());
    }

    private Communicator open()
    {
        return Communicator.open(Testing.config().errorHandler(reported::add).build());
    }
}
