package dev.aeromq;

import dev.aeromq.testkit.ChildJvm;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM without {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED} fails at
 * {@code Communicator.open()} with a {@link ConfigException} that gives the exact flag and where to
 * put it, not with an {@code IllegalAccessError} from inside Agrona. (This test's own JVM has the
 * flag, so the check runs in a child JVM without it.)
 */
class JvmFlagTest
{
    private static final String FLAG = "--add-opens java.base/jdk.internal.misc=ALL-UNNAMED";

    @Test
    void openWithoutTheFlagFailsNamingTheFlag()
    {
        final String output = run("open-without-flag");
        assertTrue(output.contains("threw " + ConfigException.class.getName()), output);
        assertTrue(output.contains(FLAG), () -> output + " should give the exact flag");
        assertTrue(output.contains("jvm.config") && output.contains("MAVEN_OPTS") && output.contains("argLine"),
            () -> output + " should say where to put it");
        assertTrue(!output.contains("IllegalAccessError"), output);
    }

    @Test
    void openWithTheFlagStarts()
    {
        final String output = run("open-with-flag", FLAG.split(" "));
        assertTrue(output.startsWith("opened "), output);
    }

    /**
     * @param name     of the child.
     * @param jvmFlags its only JVM flags.
     * @return what {@link OpenWithoutFlag} printed, once it exited with 0.
     */
    private static String run(final String name, final String... jvmFlags)
    {
        try (ChildJvm child = ChildJvm.builder(name, OpenWithoutFlag.class).jvmOptions(jvmFlags).start())
        {
            assertEquals(0, child.awaitExit(Duration.ofSeconds(60)), child::describe);
            return String.join("\n", child.lines());
        }
    }
}
