package io.diodegw.receiver.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The bearer tokens the HTTP API accepts ({@code Authorization: Bearer <token>}, RFC 6750). Only SHA-256 digests of
 * the tokens are kept; a presented token is hashed and compared with every digest with
 * {@link MessageDigest#isEqual}, without stopping at a match, so the time taken says nothing about which token or
 * how much of it matched. Every token grants the same, read-only access. Immutable; thread-safe.
 */
final class BearerTokens
{
    /** Shortest accepted token, in characters; shorter ones are guessable and refused at load. */
    static final int MIN_TOKEN_CHARS = 32;

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");
    private static final String BEARER = "Bearer ";

    private final byte[][] digests;

    private BearerTokens(final byte[][] digests)
    {
        this.digests = digests;
    }

    /**
     * Reads a token file: one token a line, blank lines and lines starting with {@code #} ignored.
     *
     * @param file    the file, readable by its owner only (mode 0600 or stricter).
     * @param setting the setting that named it, for messages.
     * @return the tokens.
     * @throws IllegalArgumentException naming the file (and the line, never the token) when it cannot be read, is
     *                                  readable by group or others, holds no token, or holds a malformed or short
     *                                  one.
     */
    static BearerTokens load(final Path file, final String setting)
    {
        PemFiles.checkOwnerOnly(file, setting, "token file");
        final String text = new String(PemFiles.read(file, setting, "bearer tokens, one a line"),
            StandardCharsets.UTF_8);
        final List<byte[]> digests = new ArrayList<>();
        final String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            final String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            if (!TOKEN.matcher(line).matches() || line.length() < MIN_TOKEN_CHARS)
            {
                throw new IllegalArgumentException(file + " (" + setting + ") line " + (i + 1) + ": a token must " +
                    "be at least " + MIN_TOKEN_CHARS + " characters of A-Z a-z 0-9 - . _ ~ + / (then = padding); " +
                    "make one with: openssl rand -base64 33");
            }
            digests.add(sha256(line));
        }
        if (digests.isEmpty())
        {
            throw new IllegalArgumentException(file + " (" + setting + ") holds no token; add one a line (openssl " +
                "rand -base64 33) or unset " + setting);
        }
        return new BearerTokens(digests.toArray(new byte[0][]));
    }

    /**
     * @param authorization the request's {@code Authorization} header, or null when absent.
     * @return whether it is {@code Bearer} with one of the tokens; false for anything else, never throws.
     */
    boolean accepts(final String authorization)
    {
        if (authorization == null || authorization.length() <= BEARER.length() ||
            !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length()))
        {
            return false;
        }
        final byte[] presented = sha256(authorization.substring(BEARER.length()).strip());
        boolean match = false;
        for (final byte[] digest : digests)
        {
            match |= MessageDigest.isEqual(digest, presented);
        }
        return match;
    }

    /** @return how many tokens were loaded. */
    int count()
    {
        return digests.length;
    }

    private static byte[] sha256(final String token)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("the JDK has no SHA-256", ex);
        }
    }
}
