package io.diodegw.receiver.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diodegw.wire.record.RecordType;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

class JournalFiguresTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCountWhatItPassesToTheJournalAndStartFromTheJournalsHead() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(5);
        try (ItJournal journal = ItJournal.open(dir))
        {
            journal.record(RecordType.TAG_VALUE_BATCH, 1, TestStream.EPOCH, new byte[4], 0, 4);
            final JournalFigures figures = new JournalFigures(journal);
            assertEquals(new JournalFigures.Figures(1, 0, 0, 0, -1, -1, -1), figures.figures());

            long sequence = 10;
            long records = 0;
            long gaps = 0;
            long gapSequences = 0;
            long lastRecord = -1;
            for (int i = 0; i < 300; i++)
            {
                if (random.nextInt(10) == 0)
                {
                    final long lost = 1 + random.nextInt(5);
                    figures.gap(TestStream.EPOCH, sequence, sequence + lost - 1);
                    sequence += lost;
                    gaps++;
                    gapSequences += lost;
                }
                else
                {
                    final byte[] body = new byte[1 + random.nextInt(40)];
                    random.nextBytes(body);
                    lastRecord = sequence++;
                    figures.record(RecordType.TAG_VALUE_BATCH, lastRecord, TestStream.EPOCH, body, 0, body.length);
                    records++;
                }
            }

            assertEquals(new JournalFigures.Figures(1 + records + gaps, records, gaps, gapSequences, 10,
                lastRecord, TestStream.EPOCH), figures.figures());
            assertEquals(journal.headSequence(), figures.figures().headSequence());
            assertEquals(sequence - 10, records + gapSequences);
            final StringWriter text = new StringWriter();
            try (JsonGenerator json = new JsonFactory().createGenerator(text))
            {
                json.writeStartObject();
                figures.writeJson(json);
                json.writeEndObject();
            }
            assertTrue(text.toString().startsWith("{\"journal\":{\"headSequence\":" + journal.headSequence()
                + ",\"records\":" + records + ",\"gaps\":" + gaps + ","), text.toString());
        }
    }
}
