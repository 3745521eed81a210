package io.diodegw.sender.pkcs11;

/**
 * A PKCS#11 call failed or the token does not hold what was asked for. The message names the function, the
 * {@code CKR_} return value where there is one, and, from {@link Pkcs11IdentitySigner#open}, the setting to fix.
 */
public final class Pkcs11Exception extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    private final long returnValue;

    Pkcs11Exception(final String message, final long returnValue)
    {
        super(message);
        this.returnValue = returnValue;
    }

    Pkcs11Exception(final String message, final long returnValue, final Throwable cause)
    {
        super(message, cause);
        this.returnValue = returnValue;
    }

    /** @return the {@code CK_RV} of the failed call, or {@code CKR_OK} (0) when no call failed. */
    public long returnValue()
    {
        return returnValue;
    }

    /** @return the {@code CKR_} name of {@link #returnValue()}. */
    public String returnValueName()
    {
        return ReturnCodes.name(returnValue);
    }
}
