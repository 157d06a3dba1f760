// Products and their components (what tickets are about). Names are unique: a product's among products, a
// component's within its product.
import { Injectable } from '@nestjs/common';
import { badUserInput } from '@sla-desk/auth';
import { requireText, requireUuid } from '@sla-desk/subgraph';
import type { Component, Product } from '../generated/prisma/client';
import type { AddComponentInput, CreateProductInput } from '../graphql/types';
import { PrismaService } from '../prisma.service';

export const MAX_NAME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 4000;

@Injectable()
export class ProductsService {
  constructor(private readonly prisma: PrismaService) {}

  list(): Promise<Product[]> {
    return this.prisma.product.findMany({ orderBy: { name: 'asc' } });
  }

  findManyByIds(ids: readonly string[]): Promise<Product[]> {
    return this.prisma.product.findMany({ where: { id: { in: [...ids] } } });
  }

  findComponentsByIds(ids: readonly string[]): Promise<Component[]> {
    return this.prisma.component.findMany({ where: { id: { in: [...ids] } } });
  }

  componentsOf(productId: string): Promise<Component[]> {
    return this.prisma.component.findMany({ where: { productId }, orderBy: { name: 'asc' } });
  }

  async create(input: CreateProductInput): Promise<Product> {
    const name = requireText(input.name, 'name', MAX_NAME_LENGTH);
    const description = input.description?.trim() ? requireText(input.description, 'description', MAX_DESCRIPTION_LENGTH, { multiline: true }) : '';
    return this.prisma.$transaction(async (tx) => {
      if (await tx.product.findUnique({ where: { name }, select: { id: true } })) {
        throw badUserInput(`There is already a product ${name}`, { field: 'name' });
      }
      return tx.product.create({ data: { name, description } });
    });
  }

  async addComponent(input: AddComponentInput): Promise<Component> {
    const productId = requireUuid(input.productId, 'productId');
    const name = requireText(input.name, 'name', MAX_NAME_LENGTH);
    return this.prisma.$transaction(async (tx) => {
      if (!(await tx.product.findUnique({ where: { id: productId }, select: { id: true } }))) {
        throw badUserInput('No such product', { field: 'productId' });
      }
      if (await tx.component.findUnique({ where: { productId_name: { productId, name } }, select: { id: true } })) {
        throw badUserInput(`The product already has a component ${name}`, { field: 'name' });
      }
      return tx.component.create({ data: { productId, name } });
    });
  }
}
