// The roles of SLA Desk users are defined once, in @sla-desk/roles (pure, shared with the workflows).
export {
  ALL_ROLES,
  CUSTOMER_ROLES,
  PROVIDER_ROLES,
  OrganizationKind,
  Role,
  isOrganizationKind,
  isRole,
  rolesAllowedFor,
} from '@sla-desk/roles';
