package dev.eos.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.eos.connector.violator.UsesAnotherConnector;
import dev.eos.connector.violator.UsesSpark;
import dev.eos.connector.violator.UsesTheRuntime;
import dev.eos.connector.wellbehaved.UsesOnlyTheSpi;
import dev.eos.runtime.config.violator.ConfigUsingTheJob;
import dev.eos.runtime.violator.UsesAFixture;
import dev.eos.runtime.violator.UsesConnectorInternals;
import dev.eos.spi.violator.SpiUsingALibrary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule of {@link ArchitectureRules} fails on a class that breaks it (the classes under {@code violator}
 * packages of this module's tests break one rule each, on purpose) and passes a class that follows it: a rule that
 * could never fail would prove nothing.
 */
class ArchitectureRulesTest {

    @Test
    void aConnectorUsingTheRuntimeIsRefused() {
        assertViolatedBy(ArchitectureRules.connectorsDependOnlyOnTheSpiAndTheSupportModule(), UsesTheRuntime.class,
                "dev.eos.runtime.Main");
    }

    @Test
    void aConnectorUsingASiblingConnectorIsRefused() {
        assertViolatedBy(ArchitectureRules.connectorsDependOnlyOnTheSpiAndTheSupportModule(),
                UsesAnotherConnector.class, "dev.eos.connector.files.FilesSinkProvider");
    }

    @Test
    void aConnectorUsingSparkIsRefused() {
        assertViolatedBy(ArchitectureRules.connectorsDependOnlyOnTheSpiAndTheSupportModule(), UsesSpark.class,
                "org.apache.spark");
    }

    @Test
    void aConnectorUsingTheSpiAndItsOwnPackagePasses() {
        JavaClasses classes = new ClassFileImporter().importClasses(UsesOnlyTheSpi.class);
        assertThat(ArchitectureRules.connectorsDependOnlyOnTheSpiAndTheSupportModule().evaluate(classes)
                .hasViolation()).isFalse();
    }

    @Test
    void anAzureConnectorMayUseTheObjectStoreBaseAndNoOtherMay() {
        assertThat(ArchitectureRules.allowedForConnector("azureblob", "dev.eos.connector.azurecommon")).isTrue();
        assertThat(ArchitectureRules.allowedForConnector("adls", "dev.eos.connector.support")).isTrue();
        assertThat(ArchitectureRules.allowedForConnector("jdbc", "dev.eos.connector.azurecommon")).isFalse();
        assertThat(ArchitectureRules.allowedForConnector("jdbc", "dev.eos.connector.jdbc.dialect")).isTrue();
        assertThat(ArchitectureRules.connectorOf("dev.eos.connector.jdbc.dialect")).isEqualTo("jdbc");
    }

    @Test
    void productionCodeUsingATestFixtureIsRefused() {
        assertViolatedBy(ArchitectureRules.productionCodeDoesNotDependOnTestFixtures(), UsesAFixture.class,
                "dev.eos.testing.violator.AFixture");
    }

    @Test
    void theSpiUsingALibraryIsRefused() {
        assertViolatedBy(ArchitectureRules.spiDependsOnlyOnTheJdk(), SpiUsingALibrary.class, "SparkTypeDouble");
    }

    @Test
    void anotherModulesInternalPackageIsRefused() {
        assertViolatedBy(ArchitectureRules.internalPackagesStayInternal(), UsesConnectorInternals.class,
                "dev.eos.connector.violator.internal.Hidden");
    }

    @Test
    void configurationDependingOnTheJobIsRefused() {
        assertViolatedBy(ArchitectureRules.runtimeConfigurationDoesNotDependOnTheJob(), ConfigUsingTheJob.class,
                "dev.eos.runtime.Main");
    }

    private static void assertViolatedBy(ArchRule rule, Class<?> violator, String offendingTarget) {
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(violator));
        assertThat(result.hasViolation()).as("%s breaks the rule", violator.getSimpleName()).isTrue();
        assertThat(result.getFailureReport().toString()).contains(violator.getName()).contains(offendingTarget);
    }
}
