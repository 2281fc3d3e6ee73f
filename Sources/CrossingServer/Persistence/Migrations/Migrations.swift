import Fluent

enum Migrations {
    /// Every migration, in order. Append only.
    static let all: [any Migration] = [
        M0001_CreateReferenceData(),
        M0002_CreateRegistryAndAudit(),
        M0003_CreateAccounts(),
        M0004_CreateStaffProfiles(),
        M0005_CreateOutbox(),
        M0006_CreatePayments(),
        M0007_CreateShipments(),
        M0008_CreateNotifications(),
        M0009_CreateAppointments(),
        M0014_UniqueActiveDelegations(),
        M0015_DelegationConsentAndFaceChallenges(),
        M0020_CreateRenewals(),
    ]
}
