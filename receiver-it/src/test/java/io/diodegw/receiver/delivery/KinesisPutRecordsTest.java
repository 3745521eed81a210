package io.diodegw.receiver.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diodegw.receiver.journal.JsonRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

class KinesisPutRecordsTest
{
    /** Fails the records a predicate picks (by their data), a given number of calls long. */
    private static final class FlakyKinesis implements KinesisClient
    {
        final List<List<String>> calls = new ArrayList<>();
        private final IntPredicate fails;
        private int failingCalls;

        FlakyKinesis(final IntPredicate fails, final int failingCalls)
        {
            this.fails = fails;
            this.failingCalls = failingCalls;
        }

        @Override
        public PutRecordsResponse putRecords(final PutRecordsRequest request)
        {
            final List<String> data = new ArrayList<>();
            final List<PutRecordsResultEntry> results = new ArrayList<>();
            int failed = 0;
            for (final PutRecordsRequestEntry entry : request.records())
            {
                final String text = entry.data().asString(StandardCharsets.UTF_8);
                data.add(text);
                if (failingCalls > 0 && fails.test(Integer.parseInt(text)))
                {
                    failed++;
                    results.add(PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException")
                        .errorMessage("slow down").build());
                }
                else
                {
                    results.add(PutRecordsResultEntry.builder().sequenceNumber("1").shardId("shardId-0").build());
                }
            }
            failingCalls--;
            calls.add(data);
            return PutRecordsResponse.builder().failedRecordCount(failed).records(results).build();
        }

        @Override
        public String serviceName()
        {
            return "kinesis";
        }

        @Override
        public void close()
        {
        }
    }

    private static Exchange batchOf(final int values)
    {
        final DeliveryBatch batch = new DeliveryBatch();
        for (int i = 0; i < values; i++)
        {
            batch.addEntry(i + 1);
            batch.add(new JsonRecord("1", "tag-" + (i % 7), i, i, i + 1, 0,
                Integer.toString(i).getBytes(StandardCharsets.UTF_8), "value"));
        }
        final Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(batch);
        return exchange;
    }

    @Test
    void shouldPutAtMost500RecordsPerCall() throws Exception
    {
        final FlakyKinesis kinesis = new FlakyKinesis(i -> false, 0);
        final SinkCounters counters = new SinkCounters("kinesis", () -> 0);
        new KinesisPutRecords(kinesis, "s", counters, 1, 1).process(batchOf(1234));
        assertEquals(List.of(500, 500, 234), kinesis.calls.stream().map(List::size).toList());
        assertEquals(0, counters.retries.get());
    }

    @Test
    void shouldRetryOnlyTheRecordsThatFailed() throws Exception
    {
        final FlakyKinesis kinesis = new FlakyKinesis(i -> i % 3 == 0, 1);
        final SinkCounters counters = new SinkCounters("kinesis", () -> 0);
        new KinesisPutRecords(kinesis, "s", counters, 1, 1).process(batchOf(30));
        assertEquals(2, kinesis.calls.size());
        assertEquals(30, kinesis.calls.get(0).size());
        final List<String> retried = kinesis.calls.get(1);
        assertEquals(List.of("0", "3", "6", "9", "12", "15", "18", "21", "24", "27"), retried);
        assertEquals(1, counters.retries.get());
    }

    @Test
    void shouldFailTheBatchWhenRecordsKeepFailing()
    {
        final FlakyKinesis kinesis = new FlakyKinesis(i -> i == 4, Integer.MAX_VALUE);
        final SinkCounters counters = new SinkCounters("kinesis", () -> 0);
        final IllegalStateException failure = assertThrows(IllegalStateException.class,
            () -> new KinesisPutRecords(kinesis, "s", counters, 1, 1).process(batchOf(10)));
        assertTrue(failure.getMessage().contains("ProvisionedThroughputExceededException"), failure.getMessage());
        assertEquals(KinesisPutRecords.MAX_ATTEMPTS, kinesis.calls.size());
        assertEquals(List.of("4"), kinesis.calls.get(kinesis.calls.size() - 1));
    }
}
