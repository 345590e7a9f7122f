package dev.observableorders.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The service in the test's JVM, on a random management port and a free endpoint port,
 * with {@link ScriptedPartners} and the one set of test settings
 * ({@code service-test.properties}). A test adds its own settings with
 * {@code @TestPropertySource(properties = ...)} — merged with these, its own winning —
 * and names its Restate server with {@code @DynamicPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:service-test.properties")
@Import(ScriptedPartners.class)
public @interface ServiceTest {

}
