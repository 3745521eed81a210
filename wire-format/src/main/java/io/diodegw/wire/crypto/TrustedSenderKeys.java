package io.diodegw.wire.crypto;

import java.util.List;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * The sender identity keys (Ed25519) a receiver trusts, looked up by {@link KeyIds key id}. Several may be trusted at
 * once, e.g. while a sender's identity key is being replaced. Immutable and thread-safe.
 */
public final class TrustedSenderKeys
{
    private final long[] ids;
    private final Ed25519PublicKeyParameters[] keys;

    /**
     * @param keys the trusted public keys, at least one.
     * @throws IllegalArgumentException if empty or if two keys have the same id.
     */
    public TrustedSenderKeys(final List<Ed25519PublicKeyParameters> keys)
    {
        if (keys.isEmpty())
        {
            throw new IllegalArgumentException("no trusted sender key");
        }
        this.ids = new long[keys.size()];
        this.keys = keys.toArray(new Ed25519PublicKeyParameters[0]);
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = KeyIds.of(this.keys[i].getEncoded());
            for (int j = 0; j < i; j++)
            {
                if (ids[j] == ids[i])
                {
                    throw new IllegalArgumentException("trusted sender key " + KeyIds.toHex(ids[i]) + " listed twice");
                }
            }
        }
    }

    /**
     * @param keyId an id from a key announcement.
     * @return the trusted key with that id, or null when none is trusted.
     */
    public Ed25519PublicKeyParameters find(final long keyId)
    {
        for (int i = 0; i < ids.length; i++)
        {
            if (ids[i] == keyId)
            {
                return keys[i];
            }
        }
        return null;
    }

    /** @return the number of trusted keys. */
    public int size()
    {
        return ids.length;
    }
}
