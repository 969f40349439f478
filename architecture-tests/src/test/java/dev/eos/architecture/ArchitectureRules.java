package dev.eos.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The project's architecture as rules (DESIGN.md, "Modules"). Each rule is checked against the production modules by
 * {@link ArchitectureTest} and shown to fail on classes that break it by {@link ArchitectureRulesTest}.
 */
final class ArchitectureRules {

    static final String CONNECTORS = "dev.eos.connector.";
    static final String SUPPORT = "dev.eos.connector.support";
    static final String AZURE_COMMON = "dev.eos.connector.azurecommon";
    /** Connectors built on the Azure object-store base. */
    static final Set<String> AZURE_CONNECTORS = Set.of("azureblob", "adls");

    /** Test fixtures, harnesses and test libraries: never a dependency of production code. */
    static final String[] TEST_FIXTURES = {"dev.eos.testing..", "dev.eos.demo..", "dev.eos.testkit..", "dev.eos.it..",
            "dev.eos.bench..", "org.junit..", "org.assertj..", "org.awaitility..", "org.testcontainers..",
            "io.zonky.."};
    static final String[] PRODUCTION = {"dev.eos.spi..", "dev.eos.connector..", "dev.eos.runtime.."};

    private ArchitectureRules() {
    }

    /**
     * A connector ({@code dev.eos.connector.<name>}) depends on no EOS code but the SPI, the shared support module
     * and its own package (the Azure connectors also on their object-store base), and never on Spark: it must load
     * as a drop-in jar beside any Spark.
     */
    static ArchRule connectorsDependOnlyOnTheSpiAndTheSupportModule() {
        return classes().that().resideInAPackage("dev.eos.connector..")
                .should(new ArchCondition<>("depend only on the SPI, the support module and their own package") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        String connector = connectorOf(origin.getPackageName());
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            String target = dependency.getTargetClass().getPackageName();
                            if (!allowedForConnector(connector, target)) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                })
                .because("connectors depend only on eos-spi and eos-connector-support (DESIGN.md), so that each "
                        + "drop-in jar works beside any runtime and any Spark");
    }

    /** Production code (the SPI, connectors, the runtime) never depends on a test fixture or a test library. */
    static ArchRule productionCodeDoesNotDependOnTestFixtures() {
        return noClasses().that().resideInAnyPackage(PRODUCTION)
                .should().dependOnClassesThat().resideInAnyPackage(TEST_FIXTURES)
                .because("fixtures and harnesses are not shipped: a production jar that needs one breaks on a cluster");
    }

    /** The SPI is plain Java: third parties compile against it with nothing else on their class path. */
    static ArchRule spiDependsOnlyOnTheJdk() {
        return classes().that().resideInAPackage("dev.eos.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.eos.spi..")
                .because("the SPI has minimal dependencies (DESIGN.md): none");
    }

    /** A package named {@code internal} is used only inside the module tree it belongs to. */
    static ArchRule internalPackagesStayInternal() {
        return classes().should(new ArchCondition<>("use internal packages only from their own module") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    String target = dependency.getTargetClass().getPackageName();
                    int internal = target.indexOf(".internal");
                    if (target.startsWith("dev.eos.") && internal >= 0
                            && !origin.getPackageName().startsWith(target.substring(0, internal))) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        });
    }

    /** The job's configuration is data: {@code dev.eos.runtime.config} does not depend on the job that uses it. */
    static ArchRule runtimeConfigurationDoesNotDependOnTheJob() {
        return noClasses().that().resideInAPackage("dev.eos.runtime.config..")
                .should().dependOnClassesThat().resideInAPackage("dev.eos.runtime")
                .because("configuration classes are data; the job creates sinks from them, not the other way round");
    }

    static List<ArchRule> all() {
        return List.of(connectorsDependOnlyOnTheSpiAndTheSupportModule(), productionCodeDoesNotDependOnTestFixtures(),
                spiDependsOnlyOnTheJdk(), internalPackagesStayInternal(), runtimeConfigurationDoesNotDependOnTheJob());
    }

    /** {@code jdbc} for {@code dev.eos.connector.jdbc.dialect}. */
    static String connectorOf(String packageName) {
        String rest = packageName.substring(CONNECTORS.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    static boolean allowedForConnector(String connector, String target) {
        if (target.startsWith("org.apache.spark") || target.startsWith("scala")) {
            return false;
        }
        if (!target.startsWith("dev.eos.")) {
            return true;
        }
        return within(target, "dev.eos.spi") || within(target, SUPPORT) || within(target, CONNECTORS + connector)
                || (AZURE_CONNECTORS.contains(connector) && within(target, AZURE_COMMON));
    }

    private static boolean within(String packageName, String root) {
        return packageName.equals(root) || packageName.startsWith(root + ".");
    }
}
