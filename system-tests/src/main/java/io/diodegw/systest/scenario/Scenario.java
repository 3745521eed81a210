package io.diodegw.systest.scenario;

import java.util.Map;

import io.diodegw.demo.Deployment;

/**
 * One fault scenario: the plant's shape, the relay's impairment profile, settings for the children, what happens
 * during the fault phase, and how to tell from the result that the fault really happened.
 *
 * @param name         short identifier (used on the command line and in the matrix).
 * @param profile      the relay's impairment profile ({@code docs/fault-injection.md}), empty for none.
 * @param tags         simulator tags.
 * @param ratePerSec   simulator updates per second.
 * @param settings     settings per child, as {@link Deployment#setting} takes them (defaults of
 *                     {@link ScenarioRunner} apply first).
 * @param fault        what to do during the fault phase (it also decides its length).
 * @param faultCheck   whether the fault happened, from the result; the message says why not.
 * @param convergeMs   how long after the pause the tag table may take to match the simulator.
 */
public record Scenario(String name, String profile, int tags, double ratePerSec,
    Map<Deployment.Role, Map<String, String>> settings, Fault fault, FaultCheck faultCheck, long convergeMs)
{
    /** The fault phase. */
    @FunctionalInterface
    public interface Fault
    {
        /**
         * Runs the fault phase; returns when the scenario may pause the plant.
         *
         * @param run the running scenario.
         * @throws Exception if the fault could not be applied (the scenario fails).
         */
        void apply(ScenarioRunner.Run run) throws Exception;
    }

    /** Evidence that the fault happened. */
    @FunctionalInterface
    public interface FaultCheck
    {
        /**
         * @param result the scenario's result.
         * @return null when the fault happened as intended, else what is missing.
         */
        String missing(ScenarioResult result);
    }
}
