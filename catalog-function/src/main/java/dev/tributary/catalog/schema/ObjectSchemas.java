package dev.tributary.catalog.schema;

import dev.tributary.catalog.glue.CatalogException;
import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.core.failure.AwsFailures;
import dev.tributary.core.failure.PipelineFailure.Kind;
import dev.tributary.core.lake.DeclaredTypes;
import dev.tributary.core.storage.S3Location;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads the columns of a data object: a Parquet object's footer with a suffix-range GET of its last 64 KiB (and a
 * second, exact one when the footer is larger), never the whole object; a JSON object's first records.
 */
public final class ObjectSchemas {

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final int JSON_SAMPLE = 1000;
    /** Bytes read from the end of a Parquet object at first: enough for the footers of objects with many columns. */
    static final int TAIL = 64 * 1024;
    /** A footer larger than this is not one the sink wrote, nor a sane one. */
    private static final int MAX_FOOTER = 64 * 1024 * 1024;

    private final S3Client s3;

    public ObjectSchemas(S3Client s3) {
        this.s3 = s3;
    }

    /**
     * The object's columns.
     *
     * @throws NoSuchKeyException if the object is gone
     * @throws IllegalArgumentException if it is not what its name says (not Parquet, not JSON lines)
     * @throws CatalogException if it could not be read: retriable for a dropped connection or a throttled GET
     */
    public ObjectColumns columns(LakeObject object) {
        try {
            return object.isParquet() ? parquet(object.location()) : json(object.location(), object.isGzip());
        } catch (NoSuchKeyException e) {
            throw e;
        } catch (SdkException e) {
            Kind kind = AwsFailures.kind(e);
            throw new CatalogException(
                    kind,
                    "Cannot read " + object.location() + " because "
                            + AwsFailures.describe(e)
                            + (AwsFailures.accessDenied(e)
                                    ? "; allow the catalog's role" + " s3:GetObject on the sinks' topics directories"
                                    : ""),
                    e);
        }
    }

    private ObjectColumns parquet(S3Location location) {
        // One suffix GET holds the footer of most objects; a larger footer takes a second, exact one.
        byte[] tail = range(location, "bytes=-" + TAIL);
        if (tail.length < 12 || !Arrays.equals(tail, tail.length - 4, tail.length, MAGIC, 0, 4)) {
            throw new IllegalArgumentException("Cannot read the schema of " + location + " because it does not end"
                    + " with Parquet's magic bytes");
        }
        int footerLength = ByteBuffer.wrap(tail, tail.length - 8, 4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getInt();
        if (footerLength <= 0 || footerLength > MAX_FOOTER) {
            throw new IllegalArgumentException("Cannot read the schema of " + location + " because its footer length "
                    + footerLength + " is not between 1 and " + MAX_FOOTER + " bytes");
        }
        byte[] footer = footerLength + 8 <= tail.length ? tail : range(location, "bytes=-" + (footerLength + 8L));
        int start = footer.length - 8 - footerLength;
        if (start < 0) {
            throw new IllegalArgumentException("Cannot read the schema of " + location + " because its footer length "
                    + footerLength + " exceeds the object's size");
        }
        try (InputStream in = new ByteArrayInputStream(footer, start, footerLength)) {
            // Parquet 1.17's default converter reads no footer (its thrift message limit is -1): take the read
            // options' limits.
            ParquetMetadata metadata = new ParquetMetadataConverter(
                            ParquetReadOptions.builder().build())
                    .readParquetMetadata(in, ParquetMetadataConverter.NO_FILTER);
            return ParquetColumns.of(metadata.getFileMetaData().getSchema());
        } catch (IOException e) {
            // The footer is in memory: what cannot be read is not a Parquet footer.
            throw new IllegalArgumentException(
                    "Cannot read the Parquet footer of " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * A JSON object's columns: names from its first records, types as its sink declared them in the object's user
     * metadata ({@link DeclaredTypes}), else inferred from the values.
     */
    private ObjectColumns json(S3Location location, boolean gzip) {
        try (ResponseInputStream<GetObjectResponse> raw =
                        s3.getObject(b -> b.bucket(location.bucket()).key(location.key()));
                CountingInputStream counted = new CountingInputStream(raw);
                InputStream in = gzip ? new GZIPInputStream(counted) : counted;
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<Column> inferred;
            try {
                inferred = JsonColumns.of(lines, JSON_SAMPLE);
            } catch (IllegalArgumentException e) {
                // A record cut in two where the connection closed is no reason to give the object up.
                throw requireComplete(location, counted, lines, raw.response()).orElse(e);
            }
            requireComplete(location, counted, lines, raw.response()).ifPresent(cut -> {
                throw cut;
            });
            return declared(inferred, metadata(raw.response(), DeclaredTypes.METADATA_KEY));
        } catch (IOException e) {
            // The connection broke while the object streamed in (S3 reads fail that way under load): it may pass.
            throw new CatalogException(
                    Kind.RETRIABLE, "Cannot read the records of " + location + " because " + e.getMessage(), e);
        }
    }

    /**
     * A retriable failure if the object's body ended before its length: the connection closed while it streamed in.
     * Looked at only once the records read have reached the end of the body.
     */
    private static Optional<RuntimeException> requireComplete(
            S3Location location, CountingInputStream counted, BufferedReader lines, GetObjectResponse response)
            throws IOException {
        Long length = response.contentLength();
        if (length == null || lines.read() >= 0 || counted.count() >= length) {
            return Optional.empty();
        }
        return Optional.of(cutShort(location, counted.count(), length));
    }

    private static CatalogException cutShort(S3Location location, long read, long length) {
        return new CatalogException(
                Kind.RETRIABLE,
                "Cannot read " + location + " because the connection closed after " + read + " of its " + length
                        + " bytes",
                null);
    }

    /** A JSON object's columns with the types its sink declared, if it declared them. */
    private static ObjectColumns declared(List<Column> inferred, String declaration) {
        if (declaration == null) {
            // Written by a sink older than declared types, or by another writer.
            return new ObjectColumns(inferred, List.of(), false);
        }
        Optional<Map<String, String>> declared = DeclaredTypes.decode(declaration);
        if (declared.isEmpty()) {
            return new ObjectColumns(
                    inferred,
                    List.of("columns' types did not fit in S3's 2 KB of user metadata"
                            + " (" + DeclaredTypes.METADATA_KEY
                            + "), so they are inferred from the values (a timestamp as"
                            + " a string, an int as a bigint); write a topic this wide as Parquet to have its types"),
                    false);
        }
        return ObjectColumns.of(JsonColumns.declared(inferred, declared.get()));
    }

    /** A user metadata value, whatever the case S3 or a compatible server gives its key in. */
    private static String metadata(GetObjectResponse response, String key) {
        if (!response.hasMetadata()) {
            return null;
        }
        for (Map.Entry<String, String> entry : response.metadata().entrySet()) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private byte[] range(S3Location location, String range) {
        ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(
                b -> b.bucket(location.bucket()).key(location.key()).range(range));
        byte[] read = bytes.asByteArray();
        Long length = bytes.response().contentLength();
        if (length != null && read.length < length) {
            throw cutShort(location, read.length, length);
        }
        return read;
    }
}
