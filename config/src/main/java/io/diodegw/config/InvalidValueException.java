package io.diodegw.config;

/**
 * Why a piece of text is not a valid value; the message completes the sentence {@code "<key>=<value> ..."},
 * e.g. {@code is not a whole number}. Used only while loading configuration, never on a data path.
 */
final class InvalidValueException extends Exception
{
    InvalidValueException(final String reason)
    {
        super(reason, null, false, false);
    }
}
