package dev.aeromq;

import dev.aeromq.testkit.ChildJvm;

import java.time.Duration;
import java.util.List;

/**
 * Programs the process tests run in child JVMs ({@link dev.aeromq.testkit.ChildJvm}). Each reads its
 * configuration from {@code -Daeromq.*} properties and says what it did on standard output, one line per
 * step, for the test to wait on: {@code DIR <aeron directory>}, then what follows.
 */
final class ChildPrograms
{
    /** How long a child JVM may take to start and say something, on a loaded machine. */
    static final Duration START = Duration.ofSeconds(60);

    private ChildPrograms()
    {
    }

    /**
     * @param mainClass  the child's main class, on this JVM's class path.
     * @param jvmOptions the child's JVM options (Aeron's --add-opens is added).
     * @param args       the main's arguments.
     * @return the started child.
     */
    static ChildJvm start(final Class<?> mainClass, final List<String> jvmOptions, final String... args)
    {
        return ChildJvm.builder(mainClass.getSimpleName(), mainClass)
            .jvmOptions("--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED")
            .jvmOptions(jvmOptions.toArray(String[]::new))
            .args(args)
            .start();
    }

    /**
     * Wait up to {@link #START} for the child's first line that starts with a prefix.
     *
     * @param child  the child.
     * @param prefix the line's start, e.g. {@code "DIR "}.
     * @return the rest of the line.
     */
    static String value(final ChildJvm child, final String prefix)
    {
        return child.awaitLine(prefix, START).substring(prefix.length());
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
