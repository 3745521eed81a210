package io.diodegw.config;

/**
 * How datagram payloads are protected on the link; headers are authenticated in both modes.
 */
public enum LinkEncryption
{
    /** Payloads are encrypted and authenticated (AES-GCM). */
    ENCRYPTED,

    /** Payloads travel in clear but are authenticated (AES-GCM with the payload as associated data). */
    INTEGRITY_ONLY
}
