package dev.aeromq;

import org.agrona.SystemUtil;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * Parsers of setting text, as the {@link Settings} table uses them. Each takes trimmed text and fails with an
 * IllegalArgumentException whose message says what it expected; the caller names the variable or property.
 */
final class Parsers
{
    private static final String SIZE_EXPECTED = "expected a size in bytes such as 65536, 64k, 16m or 1g";
    private static final String DURATION_EXPECTED =
        "expected a duration with a unit (ns, us, ms, s, m) such as 250ms, 2s or 1m, an ISO-8601 duration " +
        "such as PT1S, or forever (-1)";

    private Parsers()
    {
    }

    /**
     * @param text any text.
     * @return the text itself.
     */
    static String text(final String text)
    {
        return text;
    }

    /**
     * @param text true, yes or 1; false, no or 0; in any case.
     * @return the boolean.
     */
    static Boolean bool(final String text)
    {
        return switch (text.toLowerCase(Locale.ROOT))
        {
            case "true", "yes", "1" -> Boolean.TRUE;
            case "false", "no", "0" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("expected true or false (yes/no, 1/0)");
        };
    }

    /**
     * @param text a whole number, e.g. {@code 42}.
     * @return the number.
     */
    static Integer integer(final String text)
    {
        try
        {
            return Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("expected a whole number", ex);
        }
    }

    /**
     * Agrona's {@link SystemUtil#parseSize(String, String)}, limited to an int.
     *
     * @param text bytes, optionally with a k, m or g suffix in any case (powers of 1024).
     * @return the size in bytes.
     */
    static Integer size(final String text)
    {
        final long bytes;
        try
        {
            bytes = SystemUtil.parseSize("size", text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(SIZE_EXPECTED, ex);
        }

        if (bytes < 0 || bytes > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException(SIZE_EXPECTED + ", below 2g");
        }
        return (int)bytes;
    }

    /**
     * Agrona's {@link SystemUtil#parseSize(String, String)}, as a long.
     *
     * @param text bytes, optionally with a k, m or g suffix in any case (powers of 1024).
     * @return the size in bytes.
     */
    static Long longSize(final String text)
    {
        try
        {
            final long bytes = SystemUtil.parseSize("size", text);
            if (bytes < 0)
            {
                throw new IllegalArgumentException(SIZE_EXPECTED);
            }
            return bytes;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(SIZE_EXPECTED, ex);
        }
    }

    /**
     * Agrona's {@link SystemUtil#parseDuration(String, String)} for ns, us, ms and s, plus what Agrona does not
     * read: minutes ({@code 1m}), ISO-8601 ({@code PT1S}), {@code forever} and {@code -1}, and {@code 0}. A
     * number without a unit, which Agrona would take as nanoseconds, is refused as ambiguous.
     *
     * @param text e.g. 250ms, 2s, 1m, PT1S, forever or -1.
     * @return the duration ({@link Config#FOREVER} for forever and -1).
     */
    static Duration duration(final String text)
    {
        final String lower = text.toLowerCase(Locale.ROOT);
        try
        {
            if ("forever".equals(lower) || "-1".equals(lower))
            {
                return Config.FOREVER;
            }
            if ("0".equals(lower))
            {
                return Duration.ZERO;
            }
            if (lower.startsWith("pt") || lower.startsWith("-pt"))
            {
                return Duration.parse(text);
            }
            if (lower.endsWith("m"))
            {
                final long minutes = Long.parseLong(lower.substring(0, lower.length() - 1));
                if (minutes < 0)
                {
                    throw new NumberFormatException("negative: " + text);
                }
                return Duration.ofMinutes(minutes);
            }
            if (lower.isEmpty() || Character.isDigit(lower.charAt(lower.length() - 1)))
            {
                throw new NumberFormatException("no unit: " + text);
            }
            return Duration.ofNanos(SystemUtil.parseDuration("duration", lower));
        }
        catch (final NumberFormatException | DateTimeParseException | ArithmeticException ex)
        {
            throw new IllegalArgumentException(DURATION_EXPECTED, ex);
        }
    }

    /**
     * @param type of the enum.
     * @param <E>  the enum.
     * @return a parser of the constants' names in any case, with '-' for '_'.
     */
    static <E extends Enum<E>> Function<String, E> enumOf(final Class<E> type)
    {
        return (text) ->
        {
            final String name = text.replace('-', '_');
            for (final E constant : type.getEnumConstants())
            {
                if (constant.name().equalsIgnoreCase(name))
                {
                    return constant;
                }
            }

            final StringJoiner names = new StringJoiner(", ");
            for (final E constant : type.getEnumConstants())
            {
                names.add(constant.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException("expected one of " + names);
        };
    }
}
