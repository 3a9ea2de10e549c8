package dev.aeromq;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Communicator lifecycle: what close leaves behind, the external driver, peers leaving and coming back.
 */
class CommunicatorLifecycleTest
{
    @Test
    void closeLeavesNoDirectoryAndNoThreads()
    {
        final Set<Thread> before = liveThreads();
        final String directory;
        try (Communicator comm = Testing.open())
        {
            directory = comm.aeronDirectory();
            assertTrue(new File(directory).exists(), "embedded driver directory exists while open");
            final RepSocket rep = comm.rep().bind(Testing.ipc("lifecycle"));
            rep.serve(m -> Message.of("re: " + m.text()));
            final ReqSocket req = comm.req().connect(rep.endpoint());
            req.awaitPeers(1, Testing.WAIT);
            assertEquals("re: x", req.request(Message.of("x"), Testing.WAIT).text());
            final PullSocket pull = comm.pull().bind("udp://127.0.0.1:0");
            pull.onMessage(m -> {});
        }
        assertFalse(new File(directory).exists(), "embedded driver directory removed on close: " + directory);
        Testing.await("AeroMQ and Aeron threads to end", () -> leftovers(before).isEmpty());
    }

    @Test
    void closeIsIdempotentAndRefusesNewSockets()
    {
        final Communicator comm = Testing.open();
        final PushSocket push = comm.push();
        comm.close();
        comm.close();
        assertTrue(comm.isClosed());
        assertTrue(push.isClosed(), "closing the communicator closes its sockets");
        final ClosedException ex = assertThrows(ClosedException.class, comm::pull);
        assertTrue(ex.getMessage().contains("closed"), ex.getMessage());
    }

    @Test
    void externalDriverIsSharedByTwoCommunicatorsOverIpc() throws Exception
    {
        final Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "aeromq-external-");
        try (MediaDriver driver = launchDriver(dir))
        {
            final Config config = Testing.config().externalDriver(true).aeronDirectory(dir.toString()).build();
            try (Communicator a = Communicator.open(config); Communicator b = Communicator.open(config))
            {
                assertEquals(driver.aeronDirectoryName(), a.aeronDirectory());
                final PullSocket pull = a.pull().bind(Testing.ipc("shared"));
                final PushSocket push = b.push().connect(pull.endpoint());
                push.awaitPeers(1, Testing.WAIT);
                push.send(Message.of("across communicators"));
                assertEquals("across communicators", pull.receive().text());
            }
            assertTrue(new File(driver.aeronDirectoryName()).exists(), "an external driver's directory is not ours");
        }
    }

    @Test
    void externalDriverThatIsNotRunningFailsFast()
    {
        final Config config = Testing.config().externalDriver(true).aeronDirectory("/dev/shm/aeromq-no-such-driver")
            .build();
        final long start = System.nanoTime();
        final ClosedException ex = assertThrows(ClosedException.class, () -> Communicator.open(config));
        assertTrue(ex.getMessage().contains("no media driver is running at /dev/shm/aeromq-no-such-driver"),
            ex.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2_000, "fails fast");
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void peerThatVanishesIsRemovedAndAReturningOneReHandshakes(final Testing.Transport transport) throws Exception
    {
        // IPC only reaches across communicators that share one (external) media driver.
        final Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "aeromq-returning-");
        try (MediaDriver driver = transport == Testing.Transport.IPC ? launchDriver(dir) : null)
        {
            final Config config = transport == Testing.Transport.IPC ?
                Testing.config().externalDriver(true).aeronDirectory(dir.toString()).build() : Testing.config().build();
            try (Communicator comm = Communicator.open(config))
            {
                final ReqSocket req = comm.req();
                final String endpoint;
                try (Communicator other = Communicator.open(config))
                {
                    final RepSocket rep = other.rep().bind(transport.endpoint("returning"));
                    endpoint = rep.endpoint();
                    rep.serve(m -> Message.of("first"));
                    req.connect(endpoint).awaitPeers(1, Testing.WAIT);
                    assertEquals("first", req.request(Message.of("?"), Testing.WAIT).text());
                    rep.linger(Duration.ZERO); // no BYE: the peer must notice the stream going away
                }
                Testing.await("the REQ to notice its REP is gone", () -> req.peerCount() == 0);

                try (Communicator again = Communicator.open(config))
                {
                    final RepSocket rep = again.rep().bind(endpoint);
                    rep.serve(m -> Message.of("second"));
                    req.awaitPeers(1, Testing.WAIT);
                    assertEquals("second", req.request(Message.of("?"), Testing.WAIT).text());
                }
            }
        }
        finally
        {
            Files.deleteIfExists(dir);
        }
    }

    private static MediaDriver launchDriver(final Path dir)
    {
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.toString())
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true));
    }

    @Test
    void unbindDropsPeersAndDisconnectLeaves()
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("unbind"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(1, Testing.WAIT);
            push.disconnect(pull.endpoint());
            Testing.await("the PULL to see the PUSH leave", () -> pull.peerCount() == 0);
            assertEquals(0, push.peerCount());

            final PushSocket second = comm.push().connect(pull.endpoint());
            second.awaitPeers(1, Testing.WAIT);
            pull.unbind(pull.endpoint());
            Testing.await("the PUSH to see the PULL unbind", () -> second.peerCount() == 0);
        }
    }

    private static Set<Thread> liveThreads()
    {
        return Thread.getAllStackTraces().keySet();
    }

    private static Set<String> leftovers(final Set<Thread> before)
    {
        return liveThreads().stream()
            .filter(t -> !before.contains(t) && t.isAlive())
            .map(Thread::getName)
            .filter(n -> n.startsWith("aeromq") || n.startsWith("aeron") || n.contains("driver") ||
                n.contains("conductor"))
            .collect(Collectors.toSet());
    }
}
