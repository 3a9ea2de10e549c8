package dev.aeromq.tools;

import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.PullSocket;
import dev.aeromq.PushSocket;
import dev.aeromq.Testing;
import dev.aeromq.testkit.Await;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AeroMqStat} reads a running media driver's CnC file and prints AeroMQ's counters per socket,
 * named by type, id and endpoint.
 */
class AeroMqStatTest
{
    @Test
    void printsTheSocketsOfARunningProcessWithTheirCounts()
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("stat-tool"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            for (int i = 0; i < 7; i++)
            {
                push.send(Message.of(new byte[10]));
                Testing.receive(pull, "message " + i);
            }
            final List<File> directory = List.of(new File(comm.aeronDirectory()));
            final String pushName = String.format("PUSH %016x %s", push.stats().socketId(), pull.endpoint());
            final String pullName = String.format("PULL %016x %s", pull.stats().socketId(), pull.endpoint());
            Await.await(() -> "the counts in\n" + AeroMqStat.snapshot(directory), Testing.WAIT,
                () -> showsCounts(AeroMqStat.snapshot(directory), pushName, pullName));
            final String text = AeroMqStat.snapshot(directory);
            assertTrue(text.contains(comm.aeronDirectory() + ": 2 sockets"), text);
            assertTrue(text.contains("(pid " + ProcessHandle.current().pid() + ")"), text);
            assertTrue(text.matches("(?s).*bytes sent +70\n.*"), text);
            assertTrue(text.matches("(?s).*peers +1\n.*"), text);
            assertTrue(!text.contains("dropped: "), () -> "a healthy socket shows no drop reasons\n" + text);

            push.close();
            Await.await(() -> "the closed PUSH gone from\n" + AeroMqStat.snapshot(directory), Testing.WAIT,
                () -> !AeroMqStat.snapshot(directory).contains(pushName));
        }
    }

    private static boolean showsCounts(final String text, final String pushName, final String pullName)
    {
        return text.contains(pushName) && text.contains(pullName) &&
            text.matches("(?s).*" + pushName + ".*messages sent +7\n.*") &&
            text.matches("(?s).*" + pullName + ".*messages received +7\n.*");
    }

    @Test
    void findsTheLiveDriversBesideAeronsDefaultDirectory()
    {
        try (Communicator comm = Testing.open())
        {
            final File directory = new File(comm.aeronDirectory());
            Testing.await("the embedded driver's directory found", () ->
                AeroMqStat.liveDirectories().contains(directory));
            assertTrue(AeroMqStat.snapshot(List.of(new File("/nonexistent-aeron-dir")))
                .contains("no media driver here"));
        }
    }
}
