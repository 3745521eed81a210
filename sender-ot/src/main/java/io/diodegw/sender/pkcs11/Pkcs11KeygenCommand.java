package io.diodegw.sender.pkcs11;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

import io.diodegw.config.SenderSettings;
import io.diodegw.wire.crypto.KeyFiles;
import io.diodegw.wire.crypto.KeygenCommand;

/**
 * {@code bin/diode keygen --pkcs11 ...}: creates the sender's Ed25519 identity ON a PKCS#11 token, or exports the
 * public key of one that exists, as {@code sender-identity.pub.pem} for {@code receiver.trustedSenderKeyFiles}, and
 * prints its fingerprint (compare it out of band with the receiver's) and the {@code sender.pkcs11.*} settings.
 *
 * <p>Generation: C_GenerateKeyPair with CKM_EC_EDWARDS_KEY_PAIR_GEN, CKA_EC_PARAMS the DER of OID 1.3.101.112; both
 * keys are token objects labelled {@code --key-label}; the private key is private, sensitive, not extractable and
 * may only sign. An existing key with that label is never replaced. The new pair is then opened as the sender opens
 * it ({@link Pkcs11IdentitySigner#open}, which signs a probe on the token and verifies it with the exported key).
 *
 * <p>Exit codes: 0 done, 1 the token or a file failed, 2 bad arguments.
 */
public final class Pkcs11KeygenCommand
{
    private static final String USAGE = String.join("\n",
        "usage: diode keygen --pkcs11 --library PATH --token LABEL --key-label LABEL --pin-file FILE --sender DIR "
            + "[--export]",
        "  creates the sender's Ed25519 identity on a PKCS#11 token (the private key never leaves it) and writes its",
        "  public key to DIR/" + KeygenCommand.SENDER_PUBLIC + " for receiver.trustedSenderKeyFiles",
        "  --library PATH     the token's PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so (sender.pkcs11.library)",
        "  --token LABEL      the label of an initialized token (sender.pkcs11.tokenLabel)",
        "  --key-label LABEL  the label of the key pair (sender.pkcs11.keyLabel); an existing one is never replaced",
        "  --pin-file FILE    a file holding the token's user PIN, mode 0600 (sender.pkcs11.pinFile)",
        "  --sender DIR       where to write " + KeygenCommand.SENDER_PUBLIC,
        "  --export           generate nothing: export the public key of the existing key pair with that label");
    private static final List<String> VALUED = List.of("--library", "--token", "--key-label", "--pin-file", "--sender");

    private Pkcs11KeygenCommand()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args command-line arguments after {@code keygen}, starting with {@code --pkcs11}.
     * @param out  receives the fingerprint and the settings.
     * @param err  receives errors.
     * @return the exit code.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final Map<String, String> options = new HashMap<>();
        boolean export = false;
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if ("-h".equals(arg) || "--help".equals(arg))
            {
                out.println(USAGE);
                return 0;
            }
            if ("--pkcs11".equals(arg))
            {
                continue;
            }
            if ("--export".equals(arg))
            {
                export = true;
                continue;
            }
            if (!VALUED.contains(arg) || i + 1 >= args.length)
            {
                return usage(err, VALUED.contains(arg) ? arg + " needs a value" : "unknown argument '" + arg + "'");
            }
            options.put(arg, args[++i]);
        }
        for (final String option : VALUED)
        {
            if (!options.containsKey(option))
            {
                return usage(err, option + " is required");
            }
        }
        final Path library = Path.of(options.get("--library"));
        final String tokenLabel = options.get("--token");
        final String keyLabel = options.get("--key-label");
        final Path pinFile = Path.of(options.get("--pin-file"));
        final Path publicFile = Path.of(options.get("--sender")).resolve(KeygenCommand.SENDER_PUBLIC);
        try
        {
            if (!export)
            {
                generate(library, tokenLabel, keyLabel, pinFile);
            }
            final byte[] publicKey;
            try (Pkcs11IdentitySigner identity = Pkcs11IdentitySigner.open(library, tokenLabel, keyLabel, pinFile))
            {
                publicKey = identity.publicKey();
            }
            KeyFiles.writePublicKey(publicFile, new Ed25519PublicKeyParameters(publicKey, 0));
            out.println("sender identity (Ed25519, " + (export ? "exported from" : "generated on") + " PKCS#11 token '" +
                tokenLabel + "', key '" + keyLabel + "') " + KeyFiles.fingerprint(publicKey));
            out.println("  public  " + publicFile + "  -> receiver.trustedSenderKeyFiles");
            out.println("  sender.yaml (instead of " + SenderSettings.IDENTITY_KEY_FILE.key() + "):");
            out.println("    " + SenderSettings.PKCS11_LIBRARY.key() + ": " + library);
            out.println("    " + SenderSettings.PKCS11_TOKEN_LABEL.key() + ": " + tokenLabel);
            out.println("    " + SenderSettings.PKCS11_KEY_LABEL.key() + ": " + keyLabel);
            out.println("    " + SenderSettings.PKCS11_PIN_FILE.key() + ": " + pinFile);
            return 0;
        }
        catch (final Pkcs11Exception | KeyFiles.KeyFileException ex)
        {
            err.println("keygen: " + ex.getMessage());
            return 1;
        }
    }

    private static void generate(final Path library, final String tokenLabel, final String keyLabel,
        final Path pinFile)
    {
        final byte[] pin = KeyFiles.readSecretLine(pinFile, "the token's user PIN (--pin-file)");
        try (Pkcs11Token token = Pkcs11Token.load(library))
        {
            token.openSession(tokenLabel);
            token.login(pin);
            token.generateEd25519KeyPair(keyLabel);
        }
        finally
        {
            Arrays.fill(pin, (byte)0);
        }
    }

    private static int usage(final PrintStream err, final String problem)
    {
        err.println("keygen: " + problem);
        err.println(USAGE);
        return 2;
    }
}
