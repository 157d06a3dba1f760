// GraphQL types and inputs of the catalog subgraph (code-first). ServiceItem, Product, Component and Release are
// federated entities owned here (other subgraphs hold references: ServiceItem by code, the others by id).
import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export const ReleaseKind = { PLANNED: 'PLANNED', UNPLANNED: 'UNPLANNED' } as const;
export type ReleaseKind = (typeof ReleaseKind)[keyof typeof ReleaseKind];
export const ReleaseStatus = { SCHEDULED: 'SCHEDULED', RESCHEDULED: 'RESCHEDULED', SHIPPED: 'SHIPPED' } as const;
export type ReleaseStatus = (typeof ReleaseStatus)[keyof typeof ReleaseStatus];

registerEnumType(ReleaseKind, { name: 'ReleaseKind', description: 'PLANNED (плановое) or UNPLANNED (внеплановое, a hotfix) release.' });
registerEnumType(ReleaseStatus, { name: 'ReleaseStatus' });

@ObjectType('ServiceItem', { description: "An item of the provider's service catalog (seed items 1 … 6.3)." })
@Directive('@key(fields: "code")')
export class ServiceItemType {
  @Field({ description: 'The catalog number: 1, 4.2, 6.2.7.' }) code!: string;
  @Field(() => String, { nullable: true }) parentCode?: string | null;
  @Field(() => Int, { description: 'Order among its siblings.' }) position!: number;
  @Field() titleRu!: string;
  @Field() titleEn!: string;
  @Field(() => String, { nullable: true, description: 'The result the customer gets (none for the group 6.2).' }) resultRu?: string | null;
  @Field(() => String, { nullable: true }) resultEn?: string | null;
  @Field(() => [ServiceItemType]) children!: ServiceItemType[];
  @Field() updatedAt!: Date;
}

@ObjectType('Product', { description: 'A software product of the provider.' })
@Directive('@key(fields: "id")')
export class ProductType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field() createdAt!: Date;
}

@ObjectType('Component', { description: 'A part of a product that tickets are about and releases ship.' })
@Directive('@key(fields: "id")')
export class ComponentType {
  @Field(() => ID) id!: string;
  @Field(() => ID) productId!: string;
  @Field() name!: string;
  @Field() createdAt!: Date;
}

@ObjectType('ReleaseChange', { description: 'One scheduling, rescheduling or shipping of a release.' })
export class ReleaseChangeType {
  @Field(() => Int) sequence!: number;
  @Field(() => ReleaseStatus) status!: ReleaseStatus;
  @Field() scheduledFor!: Date;
  @Field(() => String, { nullable: true }) reason?: string | null;
  @Field(() => ID) changedBy!: string;
  @Field() changedAt!: Date;
}

@ObjectType('Release', { description: 'A release of a component; release-linked ticket deadlines follow its date.' })
@Directive('@key(fields: "id")')
export class ReleaseType {
  @Field(() => ID) id!: string;
  @Field(() => ID) componentId!: string;
  @Field(() => ReleaseKind) kind!: ReleaseKind;
  @Field() version!: string;
  @Field(() => ReleaseStatus) status!: ReleaseStatus;
  @Field({ description: 'When it is due.' }) scheduledFor!: Date;
  @Field(() => Date, { nullable: true }) shippedAt?: Date | null;
  @Field() createdAt!: Date;
}

@InputType({ description: 'New texts of a catalog item; fields left out keep theirs.' })
export class UpdateServiceItemInput {
  @Field() code!: string;
  @Field({ nullable: true }) titleRu?: string;
  @Field({ nullable: true }) titleEn?: string;
  @Field({ nullable: true }) resultRu?: string;
  @Field({ nullable: true }) resultEn?: string;
}

@InputType()
export class CreateProductInput {
  @Field() name!: string;
  @Field({ nullable: true }) description?: string;
}

@InputType()
export class AddComponentInput {
  @Field(() => ID) productId!: string;
  @Field() name!: string;
}

@InputType()
export class ScheduleReleaseInput {
  @Field(() => ID) componentId!: string;
  @Field(() => ReleaseKind) kind!: ReleaseKind;
  @Field({ description: 'Unique per component, e.g. 2.4.0.' }) version!: string;
  @Field({ description: 'When it is due; not in the past.' }) scheduledFor!: Date;
}

@InputType()
export class RescheduleReleaseInput {
  @Field(() => ID) releaseId!: string;
  @Field({ description: 'The new due instant; not in the past.' }) scheduledFor!: Date;
  @Field() reason!: string;
}

export const ProductionDayKind = { DAY_OFF: 'DAY_OFF', SHORTENED: 'SHORTENED', WORKING_DAY: 'WORKING_DAY' } as const;
export type ProductionDayKind = (typeof ProductionDayKind)[keyof typeof ProductionDayKind];
registerEnumType(ProductionDayKind, {
  name: 'ProductionDayKind',
  description: 'DAY_OFF: a holiday or a moved day off. SHORTENED: a pre-holiday day, an hour shorter. WORKING_DAY: a weekend day worked.',
});

@ObjectType('ProductionDay', { description: 'A date that differs from the plain Mon-Fri week.' })
export class ProductionDayType {
  @Field({ description: 'YYYY-MM-DD' }) date!: string;
  @Field(() => ProductionDayKind) kind!: ProductionDayKind;
  @Field(() => Int, { nullable: true, description: 'How much shorter the day is.' }) shortenedByMinutes?: number;
  @Field(() => String, { nullable: true }) title?: string;
}

@ObjectType('ProductionCalendarYear', { description: 'One revision of one year of a national production calendar.' })
export class ProductionCalendarYearType {
  @Field() country!: string;
  @Field(() => Int) year!: number;
  @Field(() => Int) revision!: number;
  @Field({ description: 'SHA-256 of the uploaded file.' }) checksum!: string;
  @Field() publishedAt!: Date;
}

@InputType()
export class PublishProductionCalendarYearInput {
  @Field({ description: 'ISO 3166-1 alpha-2, e.g. RU.' }) country!: string;
  @Field({ description: 'One year in the xmlcalendar format (github.com/xmlcalendar/data).' }) xml!: string;
}

@ObjectType('NewsItem')
export class NewsItemType {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field() body!: string;
  @Field(() => ID, { nullable: true, description: 'null: for every customer.' }) productId?: string | null;
  @Field() publishedAt!: Date;
}

@ObjectType('LibraryDocument', { description: "A document of a product's technical library." })
export class LibraryDocumentType {
  @Field(() => ID) id!: string;
  @Field(() => ID) productId!: string;
  @Field() title!: string;
  @Field() fileName!: string;
  @Field() contentType!: string;
  @Field(() => Int) byteSize!: number;
  @Field({ description: 'SHA-256 (hex) of the content.' }) sha256!: string;
  @Field() uploadedAt!: Date;
}

@ObjectType('LibraryDocumentContent')
export class LibraryDocumentContentType {
  @Field(() => LibraryDocumentType) document!: LibraryDocumentType;
  @Field({ description: 'The content, base64; checked against sha256 before it is sent.' }) contentBase64!: string;
}

@InputType()
export class PublishNewsInput {
  @Field() title!: string;
  @Field() body!: string;
  @Field(() => ID, { nullable: true, description: "Only for the customers of this product's contracts." }) productId?: string;
}

@InputType()
export class UploadLibraryDocumentInput {
  @Field(() => ID) productId!: string;
  @Field() title!: string;
  @Field() fileName!: string;
  @Field({ description: 'e.g. application/pdf' }) contentType!: string;
  @Field({ description: 'The content, base64 (at most CATALOG_LIBRARY_MAX_BYTES, 40 kB by default).' }) contentBase64!: string;
  @Field({ nullable: true, description: 'SHA-256 (hex) of the content, checked when given.' }) sha256?: string;
}
