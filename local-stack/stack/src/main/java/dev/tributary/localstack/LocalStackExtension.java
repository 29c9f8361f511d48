package dev.tributary.localstack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the JVM-wide {@link LocalStack#shared() shared stack} into test constructors and methods, so every test
 * class of a module uses the same servers.
 *
 * <pre>{@code
 * @ExtendWith(LocalStackExtension.class)
 * class ProducerTest {
 *     @Test
 *     void shouldProduce(LocalStack stack) { ... stack.kafka().bootstrapServers() ... }
 * }
 * }</pre>
 */
public final class LocalStackExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return LocalStack.shared();
    }
}
