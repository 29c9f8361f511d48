package dev.tributary.poller;

import io.quarkus.runtime.annotations.RegisterForReflection;
import software.amazon.msk.auth.iam.IAMClientCallbackHandler;
import software.amazon.msk.auth.iam.IAMLoginModule;
import software.amazon.msk.auth.iam.internals.AuthenticationResponse;
import software.amazon.msk.auth.iam.internals.IAMSaslClient;

/**
 * Classes that a native image reaches only by reflection and that no extension registers. The handler's request
 * and response types register themselves ({@link PollRequest}, {@link PollResponse} and what they hold); the Kafka
 * extension registers Kafka's own serializers, login modules and callback handlers, but not MSK IAM's.
 */
@RegisterForReflection(
        targets = {
            // Kafka instantiates these by name from sasl.jaas.config and sasl.client.callback.handler.class (auth
            // aws-msk-iam, see KafkaClientProperties).
            IAMLoginModule.class,
            IAMClientCallbackHandler.class,
            // The SASL provider that IAMLoginModule installs at run time names its factories by class.
            IAMSaslClient.IAMSaslClientFactory.class,
            IAMSaslClient.ClassLoaderAwareIAMSaslClientFactory.class,
            // Jackson reads the broker's answer to the IAM handshake into this class (a @JsonCreator constructor).
            AuthenticationResponse.class
        })
final class NativeReflection {

    private NativeReflection() {}
}
