package dev.tributary.sink;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.parquet.hadoop.codec.SnappyCodec;
import org.apache.parquet.hadoop.codec.ZstandardCodec;

/**
 * Classes that a native image reaches only by reflection and that no extension registers. The handler's response
 * registers itself ({@link SinkResponse}) and the Lambda extension registers its {@code KafkaEvent}; Avro needs
 * none, since the writer is given {@code GenericData} rather than deriving a reflective or specific data model.
 */
@RegisterForReflection(
        targets = {
            // Parquet's CodecFactory loads the codec of each compression by class name and instantiates it reflectively
            // (CompressionCodecName.getHadoopCompressionCodecClassName): one per compression the sink offers.
            SnappyCodec.class,
            GzipCodec.class,
            ZstandardCodec.class
        })
final class NativeReflection {

    private NativeReflection() {}
}
