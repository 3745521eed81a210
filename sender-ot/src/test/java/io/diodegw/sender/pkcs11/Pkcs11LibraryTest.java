package io.diodegw.sender.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures before any token is reached; these run whether or not SoftHSM2 is installed. */
class Pkcs11LibraryTest
{
    @TempDir
    Path dir;

    @Test
    void shouldNameTheLibrarySettingWhenTheModuleIsMissing()
    {
        final Path missing = dir.resolve("libnothere.so");

        final Pkcs11Exception ex = assertThrows(Pkcs11Exception.class,
            () -> Pkcs11IdentitySigner.open(missing, "token", "key", dir.resolve("pin")));

        assertEquals("sender.pkcs11.library=" + missing + ": PKCS#11 module " + missing + " does not exist; install "
            + "the token's PKCS#11 module (for SoftHSM2: apt-get install softhsm2) or fix the path", ex.getMessage());
    }

    @Test
    void shouldNameTheLibrarySettingWhenTheFileIsNoLibrary() throws Exception
    {
        final Path notALibrary = Files.writeString(dir.resolve("libfake.so"), "not an ELF file");

        final Pkcs11Exception ex = assertThrows(Pkcs11Exception.class,
            () -> Pkcs11IdentitySigner.open(notALibrary, "token", "key", dir.resolve("pin")));

        assertEquals(true, ex.getMessage().startsWith("sender.pkcs11.library=" + notALibrary
            + ": cannot load PKCS#11 module " + notALibrary + ": "), ex.getMessage());
    }

    @Test
    void shouldNameEveryReturnValueItKnowsAndShowTheOthersInHex()
    {
        assertEquals("CKR_OK", ReturnCodes.name(0));
        assertEquals("CKR_PIN_INCORRECT", ReturnCodes.name(0xA0));
        assertEquals("CKR_TOKEN_NOT_PRESENT", ReturnCodes.name(0xE0));
        assertEquals("CKR_DEVICE_REMOVED", ReturnCodes.name(0x32));
        assertEquals("CKR_0x80000001", ReturnCodes.name(0x80000001L));
    }
}
