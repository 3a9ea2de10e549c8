package dev.aeromq;

import dev.aeromq.testkit.ChildJvm;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

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
        final ChildJvm.Result result = ChildJvm.run(Duration.ofSeconds(60), List.of(), OpenWithoutFlag.class);
        assertEquals(0, result.exitCode(), result.output());
        final String output = result.output();
        assertTrue(output.contains("threw " + ConfigException.class.getName()), output);
        assertTrue(output.contains(FLAG), () -> output + " should give the exact flag");
        assertTrue(output.contains("jvm.config") && output.contains("MAVEN_OPTS") && output.contains("argLine"),
            () -> output + " should say where to put it");
        assertTrue(!output.contains("IllegalAccessError"), output);
    }

    @Test
    void openWithTheFlagStarts()
    {
        final ChildJvm.Result result = ChildJvm.run(Duration.ofSeconds(60), List.of(FLAG.split(" ")),
            OpenWithoutFlag.class);
        assertTrue(result.output().startsWith("opened "), result.output());
    }
}
