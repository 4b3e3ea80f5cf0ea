package dev.plmlab.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The same infrastructure as {@link PlmlabInfraResource} for plain JUnit 5 tests:
 * {@code @ExtendWith(PlmlabInfraExtension.class)}, then take a {@link PlmlabInfra} parameter in a
 * constructor, {@code @BeforeAll}, {@code @BeforeEach} or test method (or call
 * {@link PlmlabInfra#shared()}).
 */
public class PlmlabInfraExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        PlmlabInfra.shared();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == PlmlabInfra.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return PlmlabInfra.shared();
    }
}
