package dev.eos.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The production modules (their main classes, as built by this reactor) follow {@link ArchitectureRules}. */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // a drop-in jar (what a reactor verify resolves a connector to) holds its libraries relocated under
                // dev.eos.connector.<name>.shaded: third-party code, not the project's
                .withImportOption(location -> !location.contains("/shaded/"))
                .importPackages("dev.eos.spi", "dev.eos.connector", "dev.eos.runtime");
        assertThat(production.stream().map(c -> c.getPackageName()))
                .as("the production modules are on the class path")
                .contains("dev.eos.spi", "dev.eos.runtime", "dev.eos.connector.support", "dev.eos.connector.files", "dev.eos.connector.jdbc",
                        "dev.eos.connector.hbase", "dev.eos.connector.azureblob", "dev.eos.connector.adls");
    }

    @Test
    void connectorsDependOnlyOnTheSpiAndTheSupportModule() {
        ArchitectureRules.connectorsDependOnlyOnTheSpiAndTheSupportModule().check(production);
    }

    @Test
    void productionCodeDoesNotDependOnTestFixtures() {
        ArchitectureRules.productionCodeDoesNotDependOnTestFixtures().check(production);
    }

    @Test
    void spiDependsOnlyOnTheJdk() {
        ArchitectureRules.spiDependsOnlyOnTheJdk().check(production);
    }

    @Test
    void internalPackagesStayInternal() {
        ArchitectureRules.internalPackagesStayInternal().check(production);
    }

    @Test
    void runtimeConfigurationDoesNotDependOnTheJob() {
        ArchitectureRules.runtimeConfigurationDoesNotDependOnTheJob().check(production);
    }
}
