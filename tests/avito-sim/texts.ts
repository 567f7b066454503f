// Russian shop content for the Avito simulator. Plain data; shop.ts combines it with a seeded Rng.

export interface ItemSeed {
  title: string;
  price: number;
}

export const ITEMS: ItemSeed[] = [
  { title: 'Куртка зимняя мужская, размер 50', price: 6500 },
  { title: 'Коляска прогулочная Yoya Plus', price: 8900 },
  { title: 'Диван угловой раскладной', price: 24000 },
  { title: 'iPhone 13 128 ГБ, отличное состояние', price: 41000 },
  { title: 'Велосипед горный Stels Navigator 26"', price: 12500 },
  { title: 'Кроссовки Nike Air Max, 42 размер', price: 5200 },
  { title: 'Шкаф-купе с зеркалом 180 см', price: 15000 },
  { title: 'Набор посуды Tefal, 12 предметов', price: 7300 },
  { title: 'Платье вечернее, размер 44', price: 3500 },
  { title: 'Детское автокресло 9–36 кг', price: 6100 },
  { title: 'Пылесос робот Xiaomi', price: 13900 },
  { title: 'Стол письменный с ящиками', price: 4800 },
];

export const BUYER_NAMES = [
  'Анна',
  'Сергей',
  'Екатерина',
  'Дмитрий',
  'Ольга',
  'Алексей',
  'Мария',
  'Игорь',
  'Наталья',
  'Павел',
  'Татьяна',
  'Артём',
  'Юлия',
  'Михаил',
  'Светлана',
  'Виктор',
];

export const BUYER_OPENERS = [
  'Здравствуйте! Ещё актуально?',
  'Добрый день, торг возможен?',
  'Здравствуйте, можно посмотреть сегодня вечером?',
  'Подскажите, есть доставка Авито?',
  'Какой размер по факту? Маломерит?',
  'Здравствуйте, а почему такая цена?',
  'Добрый вечер! Отправите в Казань?',
  'Можно ещё фото сбоку?',
];

export const BUYER_FOLLOWUPS = [
  'Спасибо, подумаю.',
  'А скидку сделаете, если заберу сегодня?',
  'Хорошо, оформляю доставку.',
  'Позовите менеджера, пожалуйста.',
  'Товар пришёл с браком, хочу вернуть деньги.',
  'Когда сможете отправить?',
  'Ок, договорились.',
  'А гарантия есть?',
];

export const SELLER_REPLIES = [
  'Здравствуйте! Да, актуально.',
  'Добрый день! Небольшой торг возможен при осмотре.',
  'Да, отправлю Авито Доставкой в течение дня.',
  'Размер соответствует указанному.',
  'Конечно, сейчас пришлю фото.',
  'Спасибо за интерес! Жду вас.',
];

/** Avito's chat bots (CONTRACT §2.3): `type: system` with `flow_id`, never buyer text. */
export const SYSTEM_FLOWS: { flowId: string; text: string }[] = [
  { flowId: 'seller_audience_discount', text: 'Продавец предложил вам скидку 5% на этот товар' },
  { flowId: 'sbc_seller_notification', text: 'Покупатель принял ваше предложение' },
  { flowId: 'flower_161071', text: 'Автоответ: товар в наличии, отправка в день оплаты' },
];

export const LINKS = [
  { text: 'Вот похожая модель', url: 'https://www.avito.ru/moskva/tovary/123456789', domain: 'www.avito.ru' },
  { text: 'Инструкция производителя', url: 'https://example.com/manual.pdf', domain: 'example.com' },
];

export const CITIES = ['Москва', 'Санкт-Петербург', 'Казань', 'Екатеринбург', 'Новосибирск'];
