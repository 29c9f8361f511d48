package dev.tributary.catalog.schema;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.core.storage.S3Location;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Reads the columns of a data object: a Parquet object's footer with two ranged GETs (its last 8 bytes give the
 * footer's length; the footer holds the schema), never the whole object; a JSON object's first records.
 */
public final class ObjectSchemas {

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final int JSON_SAMPLE = 1000;

    private final S3Client s3;

    public ObjectSchemas(S3Client s3) {
        this.s3 = s3;
    }

    public List<Column> columns(LakeObject object) {
        return object.isParquet() ? parquet(object.location()) : json(object.location(), object.isGzip());
    }

    private List<Column> parquet(S3Location location) {
        byte[] tail = range(location, "bytes=-8");
        if (tail.length < 8 || !java.util.Arrays.equals(tail, 4, 8, MAGIC, 0, 4)) {
            throw new IllegalArgumentException("Cannot read the schema of " + location + " because it does not end"
                    + " with Parquet's magic bytes");
        }
        int footerLength = ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] footer = range(location, "bytes=-" + (footerLength + 8L));
        try (InputStream in = new ByteArrayInputStream(footer, 0, footerLength)) {
            ParquetMetadata metadata = new ParquetMetadataConverter().readParquetMetadata(in,
                    ParquetMetadataConverter.NO_FILTER);
            return ParquetColumns.of(metadata.getFileMetaData().getSchema());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Parquet footer of " + location + ": " + e.getMessage(), e);
        }
    }

    private List<Column> json(S3Location location, boolean gzip) {
        try (InputStream raw = s3.getObject(b -> b.bucket(location.bucket()).key(location.key()));
                InputStream in = gzip ? new GZIPInputStream(raw) : raw;
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return JsonColumns.of(lines, JSON_SAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the records of " + location + ": " + e.getMessage(), e);
        }
    }

    private byte[] range(S3Location location, String range) {
        ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(location.bucket())
                .key(location.key()).range(range));
        return bytes.asByteArray();
    }
}
