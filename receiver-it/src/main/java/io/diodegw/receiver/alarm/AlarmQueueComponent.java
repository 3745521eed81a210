package io.diodegw.receiver.alarm;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * The Camel component {@value #SCHEME}: {@code diodegw-alarms:NAME} is a consuming endpoint that takes the events of
 * the {@link AlarmQueue} named NAME, one exchange per event (body {@link AlarmEvent}), in order, on the consumer's
 * own scheduler thread. After the route ran (retries included), the outcome is counted in the queue: delivered, or
 * failed with the exception the route ended with.
 *
 * <p>Thread-safe.
 */
final class AlarmQueueComponent extends DefaultComponent
{
    /** URI scheme. */
    static final String SCHEME = "diodegw-alarms";
    private static final long POLL_DELAY_MS = 100;

    private final Map<String, AlarmQueue> queues;

    AlarmQueueComponent(final Map<String, AlarmQueue> queues)
    {
        this.queues = queues;
    }

    @Override
    protected Endpoint createEndpoint(final String uri, final String remaining, final Map<String, Object> parameters)
    {
        final AlarmQueue queue = queues.get(remaining);
        if (queue == null)
        {
            throw new IllegalArgumentException(uri + ": no alarm destination named " + remaining);
        }
        return new QueueEndpoint(uri, this, queue);
    }

    /** {@code diodegw-alarms:NAME}; consume only. */
    private static final class QueueEndpoint extends DefaultEndpoint
    {
        private final AlarmQueue queue;

        QueueEndpoint(final String uri, final AlarmQueueComponent component, final AlarmQueue queue)
        {
            super(uri, component);
            this.queue = queue;
        }

        @Override
        public Producer createProducer()
        {
            throw new IllegalArgumentException(getEndpointUri() + " can only be consumed (from:), not sent to");
        }

        @Override
        public Consumer createConsumer(final Processor processor) throws Exception
        {
            final QueueConsumer consumer = new QueueConsumer(this, processor, queue);
            configureConsumer(consumer);
            return consumer;
        }

        @Override
        public boolean isSingleton()
        {
            return true;
        }
    }

    /** Drains one queue into the route, an event at a time. */
    private static final class QueueConsumer extends ScheduledPollConsumer
    {
        private final AlarmQueue queue;

        QueueConsumer(final QueueEndpoint endpoint, final Processor processor, final AlarmQueue queue)
        {
            super(endpoint, processor);
            this.queue = queue;
            setDelay(POLL_DELAY_MS);
            setInitialDelay(0);
            setTimeUnit(TimeUnit.MILLISECONDS);
            setGreedy(true);
        }

        @Override
        protected int poll() throws Exception
        {
            final AlarmEvent event = queue.poll();
            if (event == null)
            {
                return 0;
            }
            final Exchange exchange = createExchange(true);
            try
            {
                exchange.getIn().setBody(event);
                Throwable failure;
                try
                {
                    getProcessor().process(exchange);
                    failure = exchange.getException();
                }
                catch (final Exception ex)
                {
                    failure = ex;
                }
                if (failure == null)
                {
                    queue.onDelivered();
                }
                else
                {
                    queue.onFailed(event, failure, System.currentTimeMillis());
                }
            }
            finally
            {
                releaseExchange(exchange, false);
            }
            return 1;
        }
    }
}
