package io.diodegw.wire.crypto;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * {@code bin/diode keygen}: creates the link's long-term keys. Run {@code --sender DIR} on the OT host (the Ed25519
 * identity that signs key announcements) and {@code --receiver DIR} on the IT host (the X25519 key session keys are
 * agreed with); then copy each side's {@code .pub.pem} to the other and compare the printed fingerprints out of
 * band. Private keys are written 0600; existing files are never overwritten. {@code --fingerprint FILE} prints the
 * fingerprint of a public key file, as {@code receiver.revokedSenderKeysFile} lists revoked sender keys.
 * {@code --journal-key FILE} writes a 32-byte journal encryption key (0600) for {@code sender.journal.encryptionKeyFile}
 * or {@code receiver.journal.encryptionKeyFile} and prints its fingerprint, never the key.
 *
 * <p>Exit codes: 0 done, 1 a key file could not be written or read, 2 bad arguments.
 */
public final class KeygenCommand
{
    /** File name of the sender's private identity key. */
    public static final String SENDER_PRIVATE = "sender-identity.pem";
    /** File name of the sender's public identity key, trusted by receivers. */
    public static final String SENDER_PUBLIC = "sender-identity.pub.pem";
    /** File name of the receiver's private X25519 key. */
    public static final String RECEIVER_PRIVATE = "receiver-x25519.pem";
    /** File name of the receiver's public X25519 key, configured on the sender. */
    public static final String RECEIVER_PUBLIC = "receiver-x25519.pub.pem";

    private static final String USAGE = String.join("\n",
        "usage: diode keygen [--sender DIR] [--receiver DIR] [--journal-key FILE] | --fingerprint FILE",
        "  --sender DIR    write " + SENDER_PRIVATE + " (Ed25519, 0600) and " + SENDER_PUBLIC + " (run on the OT host)",
        "  --receiver DIR  write " + RECEIVER_PRIVATE + " (X25519, 0600) and " + RECEIVER_PUBLIC +
            " (run on the IT host)",
        "  --journal-key FILE  write a 32-byte AES-256 journal key (0600) for sender.journal.encryptionKeyFile or",
        "                  receiver.journal.encryptionKeyFile (one key per side; it never leaves its host)",
        "  --fingerprint FILE  print the fingerprint of a public key file (.pub.pem), e.g. for a revocation list",
        "Copy each .pub.pem to the other side and compare the fingerprints printed here on both machines.");

    private KeygenCommand()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, new SecureRandom(), System.out, System.err));
    }

    /**
     * @param args   command-line arguments after {@code keygen}.
     * @param random source of the keys.
     * @param out    receives the fingerprints and next steps.
     * @param err    receives errors.
     * @return the exit code.
     */
    public static int run(final String[] args, final SecureRandom random, final PrintStream out, final PrintStream err)
    {
        Path senderDir = null;
        Path receiverDir = null;
        Path journalKeyFile = null;
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if ("-h".equals(arg) || "--help".equals(arg))
            {
                out.println(USAGE);
                return 0;
            }
            if ("--fingerprint".equals(arg) && args.length == 2)
            {
                return printFingerprint(Path.of(args[1]), out, err);
            }
            if ((!"--sender".equals(arg) && !"--receiver".equals(arg) && !"--journal-key".equals(arg)) ||
                i + 1 >= args.length)
            {
                err.println("keygen: " + (i + 1 >= args.length && arg.startsWith("--") ? arg + " needs a " +
                    ("--journal-key".equals(arg) ? "file" : "directory") :
                    "unknown argument '" + arg + "'"));
                err.println(USAGE);
                return 2;
            }
            if ("--sender".equals(arg))
            {
                senderDir = Path.of(args[++i]);
            }
            else if ("--journal-key".equals(arg))
            {
                journalKeyFile = Path.of(args[++i]);
            }
            else
            {
                receiverDir = Path.of(args[++i]);
            }
        }
        if (senderDir == null && receiverDir == null && journalKeyFile == null)
        {
            err.println("keygen: name --sender DIR, --receiver DIR, --journal-key FILE, or several");
            err.println(USAGE);
            return 2;
        }
        try
        {
            if (senderDir != null)
            {
                final Ed25519PrivateKeyParameters identity = new Ed25519PrivateKeyParameters(random);
                final Ed25519PublicKeyParameters publicKey = identity.generatePublicKey();
                KeyFiles.writePrivateKey(senderDir.resolve(SENDER_PRIVATE), identity);
                KeyFiles.writePublicKey(senderDir.resolve(SENDER_PUBLIC), publicKey);
                out.println("sender identity (Ed25519) " + KeyFiles.fingerprint(publicKey.getEncoded()));
                out.println("  private " + senderDir.resolve(SENDER_PRIVATE) + "  -> sender.identityKeyFile");
                out.println("  public  " + senderDir.resolve(SENDER_PUBLIC) + "  -> receiver.trustedSenderKeyFiles");
            }
            if (receiverDir != null)
            {
                final X25519PrivateKeyParameters key = new X25519PrivateKeyParameters(random);
                final X25519PublicKeyParameters publicKey = key.generatePublicKey();
                KeyFiles.writePrivateKey(receiverDir.resolve(RECEIVER_PRIVATE), key);
                KeyFiles.writePublicKey(receiverDir.resolve(RECEIVER_PUBLIC), publicKey);
                out.println("receiver key (X25519) " + KeyFiles.fingerprint(publicKey.getEncoded()));
                out.println("  private " + receiverDir.resolve(RECEIVER_PRIVATE) + "  -> receiver.privateKeyFile");
                out.println("  public  " + receiverDir.resolve(RECEIVER_PUBLIC) + "  -> sender.receiverPublicKeyFile");
            }
            if (journalKeyFile != null)
            {
                final byte[] keyBytes = new byte[JournalKey.LENGTH];
                random.nextBytes(keyBytes);
                final JournalKey key = KeyFiles.writeJournalKey(journalKeyFile, keyBytes);
                Arrays.fill(keyBytes, (byte)0);
                out.println("journal key (AES-256-GCM) " + key.fingerprint());
                out.println("  secret  " + journalKeyFile +
                    "  -> sender.journal.encryptionKeyFile or receiver.journal.encryptionKeyFile");
            }
            return 0;
        }
        catch (final KeyFiles.KeyFileException ex)
        {
            err.println("keygen: " + ex.getMessage());
            return 1;
        }
    }

    private static int printFingerprint(final Path file, final PrintStream out, final PrintStream err)
    {
        byte[] publicKey;
        try
        {
            publicKey = KeyFiles.readEd25519PublicKey(file).getEncoded();
        }
        catch (final KeyFiles.KeyFileException notEd25519)
        {
            try
            {
                publicKey = KeyFiles.readX25519PublicKey(file).getEncoded();
            }
            catch (final KeyFiles.KeyFileException notX25519)
            {
                err.println("keygen: " + notEd25519.getMessage());
                return 1;
            }
        }
        out.println(KeyFiles.fingerprint(publicKey) + "  " + file);
        return 0;
    }
}
