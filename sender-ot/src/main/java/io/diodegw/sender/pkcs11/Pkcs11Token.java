package io.diodegw.sender.pkcs11;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;

/**
 * One logged-in session on one PKCS#11 token, through the module's C API ({@link Cryptoki}): finds Ed25519 keys by
 * label, reads their public keys, signs with {@code CKM_EDDSA} and generates Ed25519 key pairs on the token. The
 * private key never leaves the token.
 *
 * <p>Life cycle: {@link #load(Path)} loads the module and calls C_Initialize (once per module and process: modules
 * are shared and counted, the last {@link #close()} calls C_Finalize); {@link #openSession(String)} opens a
 * read-write session on the token with that label; {@link #login(byte[])} logs the user in. Every failure is a
 * {@link Pkcs11Exception} naming the function and its {@code CKR_} return value.
 *
 * <p>Thread-safety: one session, so calls are serialized (every method is synchronized); meant to be used by one
 * thread at a time (PKCS#11 forbids concurrent calls on one session). Off the hot path: every call allocates native
 * memory. Linux (LP64) modules only.
 */
public final class Pkcs11Token implements AutoCloseable
{
    /** Length of an Ed25519 public key and of the value in CKA_EC_POINT once unwrapped. */
    public static final int ED25519_PUBLIC_KEY_BYTES = 32;
    /** Length of an Ed25519 signature. */
    public static final int ED25519_SIGNATURE_BYTES = 64;
    /** DER of the OID id-Ed25519 (1.3.101.112, RFC 8410): the CKA_EC_PARAMS of generated keys. */
    static final byte[] ED25519_OID_DER = {0x06, 0x03, 0x2B, 0x65, 0x70};
    private static final int DER_OCTET_STRING = 0x04;
    private static final int EC_POINT_CAPACITY = 256;
    private static final int FIND_BATCH = 2;

    private static final Map<Path, Module> MODULES = new HashMap<>();

    private final Path library;
    private final Module module;
    private final Cryptoki ck;
    private NativeLong session;
    private String tokenLabel = "";
    private boolean closed;

    private static final class Module
    {
        final Cryptoki ck;
        int users;

        Module(final Cryptoki ck)
        {
            this.ck = ck;
        }
    }

    private Pkcs11Token(final Path library, final Module module)
    {
        this.library = library;
        this.module = module;
        this.ck = module.ck;
    }

    /**
     * Loads the PKCS#11 module and initializes it (C_Initialize with {@code CKF_OS_LOCKING_OK}) unless this process
     * already did.
     *
     * @param library path of the module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}.
     * @return a token handle without a session yet.
     * @throws Pkcs11Exception if the file is missing, is not a loadable library, or C_Initialize fails.
     */
    public static Pkcs11Token load(final Path library)
    {
        final Path key = library.toAbsolutePath().normalize();
        synchronized (MODULES)
        {
            Module module = MODULES.get(key);
            if (module == null)
            {
                if (!key.toFile().isFile())
                {
                    throw new Pkcs11Exception("PKCS#11 module " + key + " does not exist", Cryptoki.CKR_OK);
                }
                final Cryptoki ck;
                try
                {
                    ck = Native.load(key.toString(), Cryptoki.class);
                }
                catch (final UnsatisfiedLinkError ex)
                {
                    throw new Pkcs11Exception("cannot load PKCS#11 module " + key + ": " + ex.getMessage(),
                        Cryptoki.CKR_OK, ex);
                }
                final long rv = ck.C_Initialize(NativeStructs.initializeArgs()).longValue();
                if (rv != Cryptoki.CKR_OK && rv != Cryptoki.CKR_CRYPTOKI_ALREADY_INITIALIZED)
                {
                    throw new Pkcs11Exception("C_Initialize of " + key + " failed: " + ReturnCodes.name(rv), rv);
                }
                module = new Module(ck);
                MODULES.put(key, module);
            }
            module.users++;
            return new Pkcs11Token(key, module);
        }
    }

    /** @return the module's path. */
    public Path library()
    {
        return library;
    }

    /** @return the label of the token the session is on; empty before {@link #openSession}. */
    public synchronized String tokenLabel()
    {
        return tokenLabel;
    }

    /**
     * Opens a read-write session on the initialized token whose label (blank padding removed) equals
     * {@code label}.
     *
     * @throws Pkcs11Exception if no present token has that label (the message lists the labels found), or a call
     *     fails.
     */
    public synchronized void openSession(final String label)
    {
        checkOpen();
        if (session != null)
        {
            throw new IllegalStateException("session already open on token '" + tokenLabel + "'");
        }
        final NativeLongByReference count = new NativeLongByReference();
        check("C_GetSlotList", ck.C_GetSlotList((byte)1, Pointer.NULL, count));
        final int slots = count.getValue().intValue();
        final List<String> labels = new ArrayList<>();
        if (slots > 0)
        {
            final Memory slotIds = new Memory((long)slots * NativeLong.SIZE);
            check("C_GetSlotList", ck.C_GetSlotList((byte)1, slotIds, count));
            final Memory info = new Memory(NativeStructs.TOKEN_INFO_BYTES);
            for (int i = 0; i < count.getValue().intValue(); i++)
            {
                final NativeLong slotId = slotIds.getNativeLong((long)i * NativeLong.SIZE);
                info.clear();
                if (ck.C_GetTokenInfo(slotId, info).longValue() != Cryptoki.CKR_OK ||
                    (NativeStructs.tokenFlags(info) & Cryptoki.CKF_TOKEN_INITIALIZED) == 0)
                {
                    continue;
                }
                final String found = NativeStructs.tokenLabel(info);
                if (found.equals(label))
                {
                    final NativeLongByReference handle = new NativeLongByReference();
                    check("C_OpenSession", ck.C_OpenSession(slotId,
                        new NativeLong(Cryptoki.CKF_SERIAL_SESSION | Cryptoki.CKF_RW_SESSION), Pointer.NULL,
                        Pointer.NULL, handle));
                    session = handle.getValue();
                    tokenLabel = found;
                    return;
                }
                labels.add("'" + found + "'");
            }
        }
        throw new Pkcs11Exception("no initialized token labelled '" + label + "' in " + library + " (tokens found: " +
            (labels.isEmpty() ? "none" : String.join(", ", labels)) + ")", Cryptoki.CKR_TOKEN_NOT_PRESENT);
    }

    /**
     * Logs the user in (C_Login, CKU_USER). A user already logged in (this process, another session) is not an
     * error.
     *
     * @param pin the user PIN's bytes; not kept (the native copy is zeroed after the call; the caller zeroes its own).
     * @throws Pkcs11Exception e.g. with {@code CKR_PIN_INCORRECT} or {@code CKR_PIN_LOCKED}.
     */
    public synchronized void login(final byte[] pin)
    {
        checkSession();
        final Memory pinMemory = new Memory(Math.max(1, pin.length));
        try
        {
            pinMemory.write(0, pin, 0, pin.length);
            final long rv = ck.C_Login(session, new NativeLong(Cryptoki.CKU_USER), pinMemory,
                new NativeLong(pin.length)).longValue();
            if (rv != Cryptoki.CKR_OK && rv != Cryptoki.CKR_USER_ALREADY_LOGGED_IN)
            {
                throw new Pkcs11Exception("C_Login to token '" + tokenLabel + "' failed: " + ReturnCodes.name(rv), rv);
            }
        }
        finally
        {
            pinMemory.clear();
        }
    }

    /**
     * @param objectClass {@code CKO_PRIVATE_KEY} or {@code CKO_PUBLIC_KEY}.
     * @param label       the key's CKA_LABEL.
     * @return the handle of the one Ed25519 ({@code CKK_EC_EDWARDS}) key of that class and label, or -1 if there is
     *     none.
     * @throws Pkcs11Exception if several keys match (the label must be unique) or a call fails.
     */
    public synchronized long findEdwardsKey(final long objectClass, final String label)
    {
        checkSession();
        final NativeStructs.Template template = new NativeStructs.Template()
            .ulong(Cryptoki.CKA_CLASS, objectClass)
            .ulong(Cryptoki.CKA_KEY_TYPE, Cryptoki.CKK_EC_EDWARDS)
            .string(Cryptoki.CKA_LABEL, label);
        check("C_FindObjectsInit", ck.C_FindObjectsInit(session, template.pointer(), template.count()));
        final Memory handles = new Memory((long)FIND_BATCH * NativeLong.SIZE);
        final NativeLongByReference found = new NativeLongByReference();
        try
        {
            check("C_FindObjects", ck.C_FindObjects(session, handles, new NativeLong(FIND_BATCH), found));
        }
        finally
        {
            ck.C_FindObjectsFinal(session);
        }
        final int n = found.getValue().intValue();
        if (n > 1)
        {
            throw new Pkcs11Exception("token '" + tokenLabel + "' holds several " +
                (objectClass == Cryptoki.CKO_PRIVATE_KEY ? "private" : "public") + " Ed25519 keys labelled '" +
                label + "'; labels must be unique", Cryptoki.CKR_OK);
        }
        return n == 0 ? -1 : handles.getNativeLong(0).longValue();
    }

    /**
     * @param publicKey handle of a {@code CKO_PUBLIC_KEY} of type {@code CKK_EC_EDWARDS}.
     * @return its 32-byte Ed25519 public key, from CKA_EC_POINT: a DER OCTET STRING around the key (PKCS#11 3.0)
     *     or the raw 32 bytes (some modules).
     * @throws Pkcs11Exception if the attribute cannot be read or holds no 32-byte key (e.g. an Ed448 key).
     */
    public synchronized byte[] ed25519PublicKey(final long publicKey)
    {
        checkSession();
        final NativeStructs.Template template = new NativeStructs.Template()
            .output(Cryptoki.CKA_EC_POINT, EC_POINT_CAPACITY);
        check("C_GetAttributeValue(CKA_EC_POINT)",
            ck.C_GetAttributeValue(session, new NativeLong(publicKey), template.pointer(), template.count()));
        final byte[] point = template.value(0);
        if (point != null && point.length == ED25519_PUBLIC_KEY_BYTES)
        {
            return point;
        }
        if (point != null && point.length == ED25519_PUBLIC_KEY_BYTES + 2 && point[0] == DER_OCTET_STRING &&
            point[1] == ED25519_PUBLIC_KEY_BYTES)
        {
            final byte[] key = new byte[ED25519_PUBLIC_KEY_BYTES];
            System.arraycopy(point, 2, key, 0, ED25519_PUBLIC_KEY_BYTES);
            return key;
        }
        throw new Pkcs11Exception("CKA_EC_POINT of the public key on token '" + tokenLabel + "' is " +
            (point == null ? "unavailable" : point.length + " bytes") + ", not an Ed25519 key (32 bytes, optionally " +
            "in a DER OCTET STRING)", Cryptoki.CKR_OK);
    }

    /**
     * @param object    an object handle.
     * @param attribute a CK_BBOOL attribute type, e.g. {@code CKA_SENSITIVE}.
     * @return its value.
     * @throws Pkcs11Exception if it cannot be read.
     */
    synchronized boolean booleanAttribute(final long object, final long attribute)
    {
        checkSession();
        final NativeStructs.Template template = new NativeStructs.Template().output(attribute, 1);
        check("C_GetAttributeValue", ck.C_GetAttributeValue(session, new NativeLong(object), template.pointer(),
            template.count()));
        final byte[] value = template.value(0);
        if (value == null || value.length != 1)
        {
            throw new Pkcs11Exception("attribute 0x" + Long.toHexString(attribute) + " is not a CK_BBOOL",
                Cryptoki.CKR_OK);
        }
        return value[0] != 0;
    }

    /**
     * Signs with pure Ed25519 (CKM_EDDSA without parameters).
     *
     * @param privateKey handle from {@link #findEdwardsKey}.
     * @return the 64-byte signature.
     * @throws Pkcs11Exception if C_SignInit or C_Sign fails, e.g. {@code CKR_DEVICE_REMOVED}.
     */
    public synchronized byte[] sign(final long privateKey, final byte[] data, final int offset, final int length)
    {
        checkSession();
        final byte[] message = new byte[length];
        System.arraycopy(data, offset, message, 0, length);
        check("C_SignInit", ck.C_SignInit(session, NativeStructs.mechanism(Cryptoki.CKM_EDDSA),
            new NativeLong(privateKey)));
        final byte[] signature = new byte[ED25519_SIGNATURE_BYTES];
        final NativeLongByReference signatureLength = new NativeLongByReference(new NativeLong(signature.length));
        check("C_Sign", ck.C_Sign(session, message, new NativeLong(length), signature, signatureLength));
        if (signatureLength.getValue().longValue() != ED25519_SIGNATURE_BYTES)
        {
            throw new Pkcs11Exception("C_Sign returned " + signatureLength.getValue() + " bytes, an Ed25519 " +
                "signature has " + ED25519_SIGNATURE_BYTES, Cryptoki.CKR_OK);
        }
        return signature;
    }

    /**
     * Generates an Ed25519 key pair on the token (C_GenerateKeyPair, CKM_EC_EDWARDS_KEY_PAIR_GEN, CKA_EC_PARAMS the
     * DER of OID 1.3.101.112). Both keys are token objects with CKA_LABEL and CKA_ID = {@code label}; the private
     * key is private, sensitive, not extractable and may only sign.
     *
     * @return the private key's handle.
     * @throws Pkcs11Exception if a key with that label exists already or C_GenerateKeyPair fails.
     */
    public synchronized long generateEd25519KeyPair(final String label)
    {
        checkSession();
        if (findEdwardsKey(Cryptoki.CKO_PRIVATE_KEY, label) >= 0 || findEdwardsKey(Cryptoki.CKO_PUBLIC_KEY, label) >= 0)
        {
            throw new Pkcs11Exception("token '" + tokenLabel + "' already holds an Ed25519 key labelled '" + label +
                "'; choose another label, or export its public key with --export", Cryptoki.CKR_OK);
        }
        final NativeStructs.Template publicTemplate = new NativeStructs.Template()
            .bool(Cryptoki.CKA_TOKEN, true)
            .bool(Cryptoki.CKA_PRIVATE, false)
            .bool(Cryptoki.CKA_VERIFY, true)
            .bool(Cryptoki.CKA_ENCRYPT, false)
            .bool(Cryptoki.CKA_WRAP, false)
            .bytes(Cryptoki.CKA_EC_PARAMS, ED25519_OID_DER)
            .string(Cryptoki.CKA_LABEL, label)
            .string(Cryptoki.CKA_ID, label);
        final NativeStructs.Template privateTemplate = new NativeStructs.Template()
            .bool(Cryptoki.CKA_TOKEN, true)
            .bool(Cryptoki.CKA_PRIVATE, true)
            .bool(Cryptoki.CKA_SENSITIVE, true)
            .bool(Cryptoki.CKA_EXTRACTABLE, false)
            .bool(Cryptoki.CKA_SIGN, true)
            .bool(Cryptoki.CKA_DECRYPT, false)
            .bool(Cryptoki.CKA_UNWRAP, false)
            .bool(Cryptoki.CKA_DERIVE, false)
            .string(Cryptoki.CKA_LABEL, label)
            .string(Cryptoki.CKA_ID, label);
        final NativeLongByReference publicKey = new NativeLongByReference();
        final NativeLongByReference privateKey = new NativeLongByReference();
        check("C_GenerateKeyPair", ck.C_GenerateKeyPair(session,
            NativeStructs.mechanism(Cryptoki.CKM_EC_EDWARDS_KEY_PAIR_GEN), publicTemplate.pointer(),
            publicTemplate.count(), privateTemplate.pointer(), privateTemplate.count(), publicKey, privateKey));
        return privateKey.getValue().longValue();
    }

    /**
     * Closes the session (which logs out when it is the process's last one) and, when no other token handle of the
     * same module is open, calls C_Finalize. Idempotent; never throws.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (session != null)
        {
            ck.C_CloseSession(session);
            session = null;
        }
        synchronized (MODULES)
        {
            if (--module.users == 0)
            {
                MODULES.remove(library);
                ck.C_Finalize(Pointer.NULL);
            }
        }
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("PKCS#11 token handle is closed");
        }
    }

    private void checkSession()
    {
        checkOpen();
        if (session == null)
        {
            throw new IllegalStateException("no session: call openSession first");
        }
    }

    private void check(final String function, final NativeLong rv)
    {
        final long code = rv.longValue();
        if (code != Cryptoki.CKR_OK)
        {
            throw new Pkcs11Exception(function + " on " + (tokenLabel.isEmpty() ? library.toString() :
                "token '" + tokenLabel + "'") + " failed: " + ReturnCodes.name(code), code);
        }
    }
}
