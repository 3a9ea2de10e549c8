package dev.aeromq;

import java.time.Duration;

/**
 * Programs the process tests run in child JVMs ({@link dev.aeromq.testkit.ChildJvm}). Each reads its
 * configuration from {@code -Daeromq.*} properties and says what it did on standard output, one line per
 * step, for the test to wait on: {@code DIR <aeron directory>}, then what follows.
 */
final class ChildPrograms
{
    private ChildPrograms()
    {
    }

    private static void say(final String line)
    {
        System.out.println(line);
        System.out.flush();
    }

    /**
     * Opens a communicator, binds a PULL on the endpoint given as the argument ({@code BOUND <endpoint>}),
     * and receives until the socket closes ({@code CLOSED <message>}); never closes the communicator itself.
     */
    public static final class BindAndWait
    {
        private BindAndWait()
        {
        }

        /**
         * @param args the endpoint to bind.
         */
        public static void main(final String[] args)
        {
            final Communicator comm = Communicator.open();
            say("DIR " + comm.aeronDirectory());
            final PullSocket pull = comm.pull().bind(args[0]);
            say("BOUND " + pull.endpoint());
            try
            {
                while (true)
                {
                    pull.receive();
                }
            }
            catch (final ClosedException ex)
            {
                say("CLOSED " + ex.getMessage());
            }
        }
    }

    /**
     * Opens a communicator, moves one message from a PUSH to a PULL over IPC ({@code RECEIVED <text>}), and
     * returns from main without closing anything: the JVM must exit by itself.
     */
    public static final class ForgetsClose
    {
        private ForgetsClose()
        {
        }

        /**
         * @param args none.
         */
        public static void main(final String[] args)
        {
            final Communicator comm = Communicator.open();
            say("DIR " + comm.aeronDirectory());
            final PullSocket pull = comm.pull().bind("ipc://forgets-close");
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Duration.ofSeconds(60));
            push.send(Message.of("hello"));
            say("RECEIVED " + pull.receive().text());
        }
    }
}
