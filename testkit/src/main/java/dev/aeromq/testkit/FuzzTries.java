package dev.aeromq.testkit;

import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a jqwik fuzzing property: the build runs it with the tries its {@code @Property} names (a
 * short regression run), and a long run, {@code AEROMQ_FUZZ_TRIES=N} in the environment (or the system
 * property {@code aeromq.fuzz.tries}), with {@code N / longRunDivisor} tries instead (at least the
 * build's). A property whose every try is costly (a round trip through a media driver, say) divides.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@AddLifecycleHook(FuzzTriesHook.class)
public @interface FuzzTries
{
    /** The environment variable that asks for a long run: how many inputs each cheap property tries. */
    String VARIABLE = "AEROMQ_FUZZ_TRIES";

    /** The system property that does the same (it wins over the environment). */
    String PROPERTY = "aeromq.fuzz.tries";

    /**
     * @return what a long run divides its tries by for this property.
     */
    int longRunDivisor() default 1;
}
