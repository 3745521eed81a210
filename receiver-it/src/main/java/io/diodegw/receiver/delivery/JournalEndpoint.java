package io.diodegw.receiver.delivery;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code diodegw-journal:NAME}: see {@link JournalComponent}. Consume only; one consumer per name.
 */
final class JournalEndpoint extends DefaultEndpoint
{
    private final String cursorName;
    private final boolean objectMode;

    JournalEndpoint(final String uri, final JournalComponent component, final String cursorName,
        final boolean objectMode)
    {
        super(uri, component);
        this.cursorName = cursorName;
        this.objectMode = objectMode;
    }

    @Override
    public JournalComponent getComponent()
    {
        return (JournalComponent)super.getComponent();
    }

    @Override
    public Producer createProducer()
    {
        throw new IllegalArgumentException(getEndpointUri() + " can only be consumed (from:), not sent to");
    }

    @Override
    public Consumer createConsumer(final Processor processor) throws Exception
    {
        final JournalComponent component = getComponent();
        final JournalConsumer consumer = new JournalConsumer(this, processor, component.journal(), cursorName,
            objectMode, component.options(), component.counters(cursorName));
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public boolean isSingleton()
    {
        return true;
    }
}
