package dev.tributary.localstack.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Tells {@link AwsCallLog} about each AWS SDK call. Compiled into each function module's tests (the build adds this
 * directory as a test source) so that it shares the SDK's class loader there, Quarkus tests included.
 */
public final class AwsCallInterceptor implements ExecutionInterceptor {

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        AwsCallLog.record(
                attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
}
