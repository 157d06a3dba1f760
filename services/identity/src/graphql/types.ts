// GraphQL object types and inputs of the identity subgraph (code-first). User and Organization are federated
// entities owned here: @key(fields: "id"); other subgraphs return references `{ __typename, id }`.
import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { OrganizationKind, Role } from '@sla-desk/auth';

export const UserStatus = { ACTIVE: 'ACTIVE', DISABLED: 'DISABLED' } as const;
export type UserStatus = (typeof UserStatus)[keyof typeof UserStatus];

registerEnumType(Role, {
  name: 'Role',
  description: 'Customer roles: CUSTOMER_EMPLOYEE, CUSTOMER_ADMIN. Provider roles: SPECIALIST, SUPPORT_MANAGER, ADMIN.',
});
registerEnumType(OrganizationKind, { name: 'OrganizationKind' });
registerEnumType(UserStatus, { name: 'UserStatus' });

@ObjectType('Organization', { description: 'The provider or one of its customers.' })
@Directive('@key(fields: "id")')
export class OrganizationType {
  @Field(() => ID) id!: string;
  @Field(() => OrganizationKind) kind!: OrganizationKind;
  @Field() name!: string;
  @Field({ description: 'Where mail from senders who are not registered is forwarded.' }) contactEmail!: string;
  @Field() createdAt!: Date;
}

@ObjectType('User', { description: 'A customer employee or a member of the provider staff.' })
@Directive('@key(fields: "id")')
export class UserType {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field() displayName!: string;
  @Field(() => [Role]) roles!: Role[];
  @Field(() => UserStatus) status!: UserStatus;
  @Field(() => ID) organizationId!: string;
  @Field() createdAt!: Date;
}

@ObjectType('AuthPayload')
export class AuthPayloadType {
  @Field({ description: 'Send as "Authorization: Bearer <token>".' }) accessToken!: string;
  @Field() accessTokenExpiresAt!: Date;
  @Field({ description: 'Single use: refreshSession returns the next one. Reusing one ends the session.' })
  refreshToken!: string;
  @Field() refreshTokenExpiresAt!: Date;
  @Field(() => UserType) user!: UserType;
}

@ObjectType('PasswordSetupTicket', {
  description: 'A one-time token the user needs to set a password (completePasswordSetup). Shown once; hand it over securely.',
})
export class PasswordSetupTicketType {
  @Field(() => ID) userId!: string;
  @Field() token!: string;
  @Field() expiresAt!: Date;
}

@ObjectType('CreateUserPayload')
export class CreateUserPayloadType {
  @Field(() => UserType) user!: UserType;
  @Field(() => PasswordSetupTicketType) setupTicket!: PasswordSetupTicketType;
}

@ObjectType('AccessListPayload')
export class AccessListPayloadType {
  @Field(() => OrganizationType) organization!: OrganizationType;
  @Field(() => [UserType], { description: 'Everyone on the list now.' }) members!: UserType[];
  @Field(() => [UserType], { description: 'Added by this submission.' }) granted!: UserType[];
  @Field(() => [UserType], { description: 'Removed by this submission: their sessions have ended.' }) revoked!: UserType[];
  @Field(() => [PasswordSetupTicketType], { description: 'For employees registered by this submission.' })
  setupTickets!: PasswordSetupTicketType[];
}

@InputType()
export class LoginInput {
  @Field() email!: string;
  @Field() password!: string;
}

@InputType()
export class ChangePasswordInput {
  @Field() currentPassword!: string;
  @Field() newPassword!: string;
}

@InputType()
export class CompletePasswordSetupInput {
  @Field() token!: string;
  @Field() newPassword!: string;
}

@InputType()
export class CreateOrganizationInput {
  @Field() name!: string;
  @Field() contactEmail!: string;
  @Field(() => [String], {
    nullable: true,
    description: "Mail domains the customer owns (default: the contact address's). Each belongs to one organization.",
  })
  mailDomains?: string[];
}

@InputType()
export class UpdateOrganizationInput {
  @Field(() => ID) id!: string;
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true }) contactEmail?: string;
  @Field(() => [String], { nullable: true, description: "Replaces the organization's mail domains (provider staff only)." })
  mailDomains?: string[];
}

@InputType()
export class CreateUserInput {
  @Field(() => ID) organizationId!: string;
  @Field() email!: string;
  @Field() displayName!: string;
  @Field(() => [Role]) roles!: Role[];
  @Field({ nullable: true, description: 'Customers only: put the user on the access list (default true).' })
  portalAccess?: boolean;
}

@InputType()
export class AccessListEmployeeInput {
  @Field() email!: string;
  @Field() displayName!: string;
}

@InputType()
export class SubmitAccessListInput {
  @Field(() => ID) organizationId!: string;
  @Field(() => [AccessListEmployeeInput], { description: 'The complete list; it replaces the current one.' })
  employees!: AccessListEmployeeInput[];
}
