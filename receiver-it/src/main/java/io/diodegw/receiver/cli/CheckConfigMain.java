package io.diodegw.receiver.cli;

import io.diodegw.config.CheckConfig;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;

/**
 * Entry point of {@code bin/diode check-config}: {@link CheckConfig} with this build's wire protocol version, so the
 * printed link fingerprint is the one the processes put in their heartbeats.
 */
public final class CheckConfigMain
{
    private CheckConfigMain()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(CheckConfig.run(
            args, System.getenv(), DatagramHeaderFlyweight.PROTOCOL_VERSION, System.out, System.err));
    }
}
